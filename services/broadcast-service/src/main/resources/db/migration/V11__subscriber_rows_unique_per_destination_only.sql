-- delivery_subscription_unique (subscription_id, subject, version, kind) is implied by delivery_destination_unique since
-- V5: a row's destination_key is its subscription's, and a subscription's destination never changes (a new one is a
-- new subscription), so two rows of one subscription would share destination, subject, version and kind (#20). Every
-- write of a subscriber row (none a HOT update) still checked and added an entry to it, four times per message. The
-- foreign key's cascade (an unsubscribe deletes the subscription's rows) keeps a plain index on subscription_id,
-- without the posts' rows, which have none.
alter table delivery drop constraint delivery_subscription_unique;
create index delivery_subscription on delivery (subscription_id) where subscription_id is not null;
