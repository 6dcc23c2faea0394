-- Subscriber messages are claimed under a lease and recorded one small batch at a time (#20): a claim commits
-- status CLAIMED with claimed_until, the sender submits outside any transaction and commits SENT right after the SMSC
-- or relay accepted. A kill -9 leaves at most the claimed, unrecorded messages: once their lease is over they become
-- UNKNOWN (perhaps sent, perhaps not) and are never sent again blindly.
alter table delivery add column claimed_until timestamptz;
-- A subscriber's declaration: the live numbers it carried, {"numbers:department:59": 3}, so that the same numbers
-- are not sent again as a change (the numbers event and the declaration of one version collapse into one message).
alter table delivery add column carried jsonb;
create index delivery_claimed_subscription on delivery (claimed_until)
    where status = 'CLAIMED' and subscription_id is not null;
