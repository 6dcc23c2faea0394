-- delivery_subject indexed every row by subject, and every write of a subscriber row (none a HOT update) added an
-- entry, all 100,000 of a fan-out under one key (#20). The posts keep an index of their own; subscriber rows are found
-- by subject only to supersede pending ones and to count a fan-out's states, so their index leaves out the rows in
-- flight (CLAIMED, SUBMITTING: counted through delivery_claimed_subscription) and is written twice per message
-- (planned, recorded) rather than four times.
drop index delivery_subject;
create index delivery_post_subject on delivery (subject) where account_id is not null;
create index delivery_subscriber_subject on delivery (subject, kind, version)
    where subscription_id is not null and status not in ('CLAIMED', 'SUBMITTING');
