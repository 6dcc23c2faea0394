-- service-kit's audit trail (fr.tocsin.kit.audit), one shape in every service: one record per write, each carrying
-- an HMAC over its content and the previous record's HMAC, and the id of the key that linked it (keys rotate:
-- AuditConfig). A service gets these tables by listing db/kit/audit in quarkus.flyway.locations; its own migrations
-- never touch them (docs/ARCHITECTURE.md, "What the kit owns").
create table audit_record (
    id            bigserial primary key,
    at            timestamptz  not null,
    actor         text         not null,
    actor_role    varchar(16)  not null,
    action        varchar(32)  not null,
    target_id     text,                       -- what the record is about, of any kind (an incident id, a number id…)
    before        jsonb,
    after         jsonb,
    previous_hash bytea,
    hash          bytea,
    territories   text[],                     -- the territories concerned: who may read the record
    key_id        text         not null       -- no default: a row inserted without one is a break, not a guess
);
create index audit_record_target_idx on audit_record (target_id, id);

-- Where the chain starts, recorded once: every record from it on must carry a hash, so a hash set to NULL is a break.
create table audit_chain_start (
    only_row        boolean primary key default true check (only_row),
    first_record_id bigint  not null
);
insert into audit_chain_start (first_record_id) values (1);
