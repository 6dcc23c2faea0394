-- Every public version of an incident seen, so CAP updates and cancels can reference the earlier messages.
create table incident_version (
    id          uuid         not null,
    version     bigint       not null,
    snapshot    jsonb        not null,
    primary key (id, version)
);
