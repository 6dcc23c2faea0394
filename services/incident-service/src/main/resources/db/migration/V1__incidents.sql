-- incident-service's database: incidents as authorities declared them, their timeline, the CAP messages received and
-- the answers to idempotent POSTs. The public snapshot is derived from these rows. The audit trail and the outbox are
-- service-kit's (db/kit/audit, db/kit/outbox). One baseline: the migrations before the first release were squashed
-- into it (docs/DEPLOYMENT.md, "Database migrations").
create sequence incident_reference_seq;

create table incident (
    id                 uuid primary key,
    reference          varchar(32)  not null unique,
    version            bigint       not null,
    status             varchar(16)  not null,
    mode               varchar(16)  not null,
    category           varchar(64),
    title_fr           text         not null,
    title_en           text,
    description_fr     text         not null,
    description_en     text,
    instructions_fr    text,
    instructions_en    text,
    services           text[]       not null,
    territories        text[]       not null,
    severity           varchar(16)  not null,
    urgency            varchar(16)  not null,
    certainty          varchar(16)  not null,
    authority          text         not null,
    detected_at        timestamptz,
    declared_at        timestamptz  not null,
    expected_end_at    timestamptz,
    resolved_at        timestamptz,
    updated_at         timestamptz  not null,
    -- Who declared, and the four-eyes approval.
    created_by         text         not null,
    created_by_role    varchar(16)  not null,
    approval_required  boolean      not null default false,
    approved_by        text,
    approved_at        timestamptz,
    -- The publication rule: an incident reaches the public only once released (declared needing no approval, or
    -- approved). Null for a draft, and for ever for a draft rejected or cancelled before approval.
    published_at       timestamptz,
    -- Four-eyes on changes: who last edited a draft may not approve it; a change to a released incident that needs a
    -- second person waits here (the proposed state and its notes, as JSON) while the public keeps the approved version.
    last_edited_by     text,
    pending_change     jsonb
);
create index incident_status_idx on incident (status);
create index incident_territories_idx on incident using gin (territories);
create index incident_services_idx on incident using gin (services);

-- The timeline: every public message about an incident.
create table incident_update (
    id           bigserial primary key,
    incident_id  uuid         not null references incident (id),
    at           timestamptz  not null,
    author       text         not null,
    message_fr   text         not null,
    message_en   text,
    status       varchar(16)
);
create index incident_update_incident_idx on incident_update (incident_id, id);

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

-- CAP messages received, so that a later Update or Cancel finds its incident through "references", and a re-sent
-- message is recognised instead of applied twice. CAP identifiers belong to the authority that sent them: the same
-- sender and identifier from another authority is another message, never a replay of this one nor a reference to it.
create table cap_message (
    sender       text         not null,
    identifier   text         not null,
    sent         text         not null,
    msg_type     varchar(16)  not null,
    incident_id  uuid         not null references incident (id),
    received_at  timestamptz  not null,
    authority    text         not null,
    primary key (authority, sender, identifier)
);
create index cap_message_incident_idx on cap_message (incident_id);
