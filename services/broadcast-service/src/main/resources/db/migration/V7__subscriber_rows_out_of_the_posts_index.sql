-- A subscriber row has no account, yet held an entry in the posts' uniqueness index (account_id is null for it), and
-- every write of the row (planned, released, claimed, SUBMITTING, recorded: none a HOT update, as status and
-- next_attempt_at are in partial indexes) added one more there (#20). The posts keep their rule through a partial
-- unique index, which their inserts name as their conflict target.
alter table delivery drop constraint delivery_account_id_subject_version_kind_key;
create unique index delivery_account_unique on delivery (account_id, subject, version, kind)
    where account_id is not null;
