-- The claim walks the due index from a cursor (next_attempt_at, id) instead of from its start (#20): every message
-- claimed leaves a dead entry at the index's front until VACUUM, and a claim that began at the start walked all of
-- them, so the claims of one fan-out cost O(n²) (617 ms each at 40,000 messages in the benchmark).
drop index delivery_due_subscription;
create index delivery_due_subscription on delivery (next_attempt_at, id)
    where status = 'PENDING' and subscription_id is not null;
