-- Incidents as declared by authorities; the public snapshot is derived from these rows.
create sequence incident_reference_seq;

create table incident (
    id               uuid primary key,
    reference        varchar(32)  not null unique,
    version          bigint       not null,
    status           varchar(16)  not null,
    mode             varchar(16)  not null,
    category         varchar(64),
    title_fr         text         not null,
    title_en         text,
    description_fr   text         not null,
    description_en   text,
    instructions_fr  text,
    instructions_en  text,
    services         text[]       not null,
    territories      text[]       not null,
    severity         varchar(16)  not null,
    urgency          varchar(16)  not null,
    certainty        varchar(16)  not null,
    authority        text         not null,
    detected_at      timestamptz,
    declared_at      timestamptz  not null,
    expected_end_at  timestamptz,
    resolved_at      timestamptz,
    updated_at       timestamptz  not null
);
create index incident_status_idx on incident (status);
create index incident_territories_idx on incident using gin (territories);
create index incident_services_idx on incident using gin (services);

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

-- Transactional outbox: written in the same transaction as the change, relayed to Kafka, then deleted.
create table outbox_event (
    id          bigserial primary key,
    topic       text         not null,
    event_key   text         not null,
    payload     text         not null,
    created_at  timestamptz  not null default now()
);
