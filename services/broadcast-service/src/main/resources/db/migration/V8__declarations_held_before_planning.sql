-- A declaration waits for the live numbers it activates (at most tocsin.subscriptions.sending.declaration-hold) as one
-- held subscriber_message, and its rows are planned when it is released (#20). It used to be planned at once, due at
-- the end of the hold, and every row rewritten due when the numbers came: 100,000 more row writes (and index entries)
-- per fan-out, in the transaction whose commit the first message waited for.
alter table subscriber_message add column held_until timestamptz;
create index subscriber_message_held on subscriber_message (held_until) where held_until is not null;
-- Rows planned under the old rule and still waiting stay as they are: they fall due at the end of their hold.
