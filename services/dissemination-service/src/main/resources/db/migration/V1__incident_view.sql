-- Read model of incidents as consumed from Kafka: the newest snapshot of each, so a restart serves at once.
create table incident_view (
    id          uuid primary key,
    version     bigint       not null,
    snapshot    jsonb        not null,
    received_at timestamptz  not null
);
