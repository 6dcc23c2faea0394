-- fallback-service's database: the directory of standby numbers, the live numbers of each territory and their
-- history, and what it follows of incidents. The audit trail and the outbox are service-kit's (db/kit/audit,
-- db/kit/outbox). One baseline: the migrations before the first release were squashed into it (docs/DEPLOYMENT.md,
-- "Database migrations").

-- The latest known state of each incident, as consumed from the incidents topic: only newer versions apply.
create table incident_state (
    id           uuid primary key,
    version      bigint       not null,
    status       varchar(16)  not null,
    mode         varchar(16)  not null,
    services     text[]       not null,
    territories  text[]       not null,
    updated_at   timestamptz  not null
);

-- The directory: standby numbers registered in advance, per territory and service.
create table fallback_number (
    id            uuid primary key,
    territory     text         not null,
    service       text         not null,
    priority      int          not null,
    e164          text         not null,
    label         text         not null,
    notes         text,
    authority     text         not null,
    verified_on   date,
    -- STANDBY: registered, live only while an incident needs it; PUBLISHED: live by hand, incident or not.
    state         varchar(16)  not null,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    unique (territory, service, e164)
);
create index fallback_number_territory_idx on fallback_number (territory);

-- The live numbers of each territory now, with the version carried by the territory's events.
create table live_numbers (
    territory   text primary key,
    version     bigint       not null,
    numbers     jsonb        not null,
    changed_at  timestamptz  not null
);

-- Every version of a territory's live numbers, with its validity period: "what was live in Nord at 20:15?"
create table live_numbers_history (
    territory   text         not null,
    version     bigint       not null,
    numbers     jsonb        not null,
    valid_from  timestamptz  not null,
    valid_to    timestamptz,
    primary key (territory, version)
);
