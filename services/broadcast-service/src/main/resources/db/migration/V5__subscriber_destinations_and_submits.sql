-- One message per destination, and only what may have left ambiguous after a crash (#20).

-- 1. The ledger is unique per destination × subject × version × kind, as the issue says, not per subscription: a
-- mobile that follows the Nord and four of its communes gets one SMS for a Nord declaration, not five. A destination is
-- keyed by the MD5 of "channel:destination" (a key, not a secret: the row goes with the subscriptions anyway).
alter table subscription add column destination_key uuid
    generated always as (cast(md5(channel || ':' || destination) as uuid)) stored;
create index subscription_destination_key on subscription (destination_key) where confirmed_at is not null;

-- The row points at the subscription that speaks for the destination (its language, its channel), and lists every
-- subscription of the destination the message stood for: the e-mail's unsubscribe link ends all of them.
alter table delivery add column destination_key uuid;
alter table delivery add column covering uuid[];
update delivery d set destination_key = s.destination_key, covering = array[s.id]
from subscription s where s.id = d.subscription_id;
-- Rows planned before this migration, several per destination: the most advanced one is kept (SENT before UNKNOWN
-- before the rest), the others are dropped, so the constraint below holds for what is already there.
delete from delivery d using (
    select id, row_number() over (partition by destination_key, subject, version, kind
                                  order by case status when 'SENT' then 0 when 'UNKNOWN' then 1
                                                       when 'CLAIMED' then 2 when 'PENDING' then 3 else 4 end,
                                           created_at, id) as rank
    from delivery where destination_key is not null) ranked
where d.id = ranked.id and ranked.rank > 1;
alter table delivery add constraint delivery_destination_unique unique (destination_key, subject, version, kind);
alter table delivery add constraint delivery_subscriber_keyed check ((subscription_id is null) = (destination_key is null));

-- 2. A claimed row is SUBMITTING, committed, just before its submit_sm or SMTP send: after a kill -9, a CLAIMED row
-- whose lease ran out provably never reached the submit step and is due again; only a SUBMITTING one may have left,
-- and becomes UNKNOWN (never sent again). claim_token fences a claim: a sender whose lease ran out (and whose rows were
-- claimed again by another) can neither mark nor record them.
alter table delivery add column claim_token uuid;
drop index delivery_claimed_subscription;
create index delivery_claimed_subscription on delivery (claimed_until)
    where status in ('CLAIMED', 'SUBMITTING') and subscription_id is not null;
