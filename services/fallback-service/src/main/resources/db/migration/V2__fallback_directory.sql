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

-- The numbers live in each territory now, with the version carried by the territory's events.
create table live_set (
    territory   text primary key,
    version     bigint       not null,
    numbers     jsonb        not null,
    changed_at  timestamptz  not null
);

-- Every live set that was ever published, with its validity period: "what was live in Nord at 20:15?"
create table live_set_history (
    territory   text         not null,
    version     bigint       not null,
    numbers     jsonb        not null,
    valid_from  timestamptz  not null,
    valid_to    timestamptz,
    primary key (territory, version)
);

create table outbox_event (
    id          bigserial primary key,
    topic       text         not null,
    event_key   text         not null,
    payload     text         not null,
    created_at  timestamptz  not null default now()
);
