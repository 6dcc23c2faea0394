-- The delivery ledger reaches subscribers too (#20): a delivery goes either to a social account or to a subscription,
-- unique per destination × subject × version × kind in both cases. A subscriber's text is not stored per row (a
-- national incident plans one row per subscriber, hundreds of thousands): the rows point at one subscriber_message
-- per subject × version × kind, and the sender renders it for the subscription's channel and language.
alter table delivery alter column account_id drop not null;
alter table delivery alter column payload drop not null;
-- Deleted with the subscription (unsubscribe, STOP): what was sent to a destination goes with its personal data.
alter table delivery add column subscription_id uuid references subscription (id) on delete cascade;
alter table delivery add constraint delivery_one_destination
    check ((account_id is null) <> (subscription_id is null));
alter table delivery add constraint delivery_subscription_unique unique (subscription_id, subject, version, kind);
-- Due rows, one index per kind of destination: a fan-out's 100,000 pending subscriber rows must not lie in the path
-- of the posts' workers looking for their few due rows, nor the reverse.
drop index delivery_due;
create index delivery_due_account on delivery (next_attempt_at) where status = 'PENDING' and account_id is not null;
create index delivery_due_subscription on delivery (next_attempt_at)
    where status = 'PENDING' and subscription_id is not null;

-- What a subscriber message says, once per subject × version × kind: the incident snapshot (DECLARED, ENDED) or the
-- live numbers event (NUMBERS) it was planned from, rendered at send time for SMS or e-mail, in French or English.
create table subscriber_message (
    subject     varchar(64)  not null,
    version     bigint       not null,
    kind        varchar(16)  not null,
    context     jsonb        not null,
    created_at  timestamptz  not null default now(),
    primary key (subject, version, kind)
);

-- A destination that bounced, got a permanent SMPP error or a failed delivery receipt receives nothing more until it
-- subscribes (and confirms) again. Testers (set by the ministry) also receive exercises and tests.
alter table subscription add column suspended_at timestamptz;
alter table subscription add column suspended_reason varchar(200);
