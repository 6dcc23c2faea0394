-- A part about to be posted to a network that does not deduplicate retries (X, Facebook, Bluesky, Telegram) is noted
-- here, committed on its own just before the request, while the claim's transaction still holds the delivery row;
-- that transaction deletes the note when it records the outcome. A note left behind means the request may have
-- posted and the outcome was never committed (a kill -9, a rollback): the next claim records the delivery UNKNOWN
-- instead of posting it again. No foreign key to delivery: checking one would wait on the row lock the claim holds.
create table post_submitting (
    delivery_id uuid not null,
    part int not null,
    noted_at timestamptz not null,
    primary key (delivery_id, part)
);
