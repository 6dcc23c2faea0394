-- dissemination-service's database: its read model, as consumed from Kafka, so a restart serves at once. Nothing
-- here is written by a citizen; the audit trail is service-kit's (db/kit/audit). One baseline: the migrations before
-- the first release were squashed into it (docs/DEPLOYMENT.md, "Database migrations").

-- The newest public snapshot of each incident.
create table incident_view (
    id          uuid primary key,
    version     bigint       not null,
    snapshot    jsonb        not null,
    received_at timestamptz  not null
);

-- The live numbers of each territory, as consumed from the fallback-numbers topic: newest version only.
create table live_numbers_view (
    territory   text primary key,
    version     bigint       not null,
    numbers     jsonb        not null,
    received_at timestamptz  not null
);

-- Every public version of an incident seen, so CAP updates and cancels can reference the earlier messages.
create table incident_version (
    id          uuid         not null,
    version     bigint       not null,
    snapshot    jsonb        not null,
    primary key (id, version)
);
