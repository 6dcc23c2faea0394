-- The service kit's audit trail (same shape in every service, see docs/ARCHITECTURE.md): one record per write,
-- each carrying an HMAC over its content and the previous record's HMAC.
create table audit_record (
    id            bigserial primary key,
    at            timestamptz  not null,
    actor         text         not null,
    actor_role    varchar(16)  not null,
    action        varchar(32)  not null,
    target_id     text,
    before        jsonb,
    after         jsonb,
    previous_hash bytea,
    hash          bytea,
    territories   text[]
);
create index audit_record_target_idx on audit_record (target_id, id);

-- The chain starts with the first record: a record without a hash is always a break.
create table audit_chain_start (
    only_row        boolean primary key default true check (only_row),
    first_record_id bigint  not null
);
insert into audit_chain_start (first_record_id) values (1);
