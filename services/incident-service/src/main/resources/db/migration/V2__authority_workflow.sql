-- Who declared, the four-eyes approval, and the network of an operator's declaration.
alter table incident add column created_by text not null default 'unknown';
alter table incident add column created_by_role varchar(16) not null default 'ministry';
alter table incident add column approval_required boolean not null default false;
alter table incident add column approved_by text;
alter table incident add column approved_at timestamptz;
alter table incident alter column created_by drop default;
alter table incident alter column created_by_role drop default;

-- Every action, with the state before and after: who did what, when.
create table audit_record (
    id           bigserial primary key,
    at           timestamptz  not null,
    actor        text         not null,
    actor_role   varchar(16)  not null,
    action       varchar(32)  not null,
    incident_id  uuid,
    before       jsonb,
    after        jsonb
);
create index audit_record_incident_idx on audit_record (incident_id, id);

-- A retried POST with the same Idempotency-Key gets the first answer back instead of acting twice.
create table idempotency_record (
    principal     text         not null,
    key           text         not null,
    fingerprint   text         not null,
    status        int,
    body          text,
    location      text,
    etag          text,
    created_at    timestamptz  not null,
    primary key (principal, key)
);
