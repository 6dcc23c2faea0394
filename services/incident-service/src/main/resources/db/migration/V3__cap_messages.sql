-- CAP messages received, so that a later Update or Cancel finds its incident through "references",
-- and a re-sent message (same sender and identifier) is recognised instead of applied twice.
create table cap_message (
    sender       text         not null,
    identifier   text         not null,
    sent         text         not null,
    msg_type     varchar(16)  not null,
    incident_id  uuid         not null references incident (id),
    received_at  timestamptz  not null,
    primary key (sender, identifier)
);
create index cap_message_incident_idx on cap_message (incident_id);
