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
