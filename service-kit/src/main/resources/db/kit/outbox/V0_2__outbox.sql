-- service-kit's transactional outbox (fr.tocsin.kit.outbox): an event is written in the same transaction as the
-- change, relayed to Kafka, then deleted. A service that publishes lists db/kit/outbox in quarkus.flyway.locations.
create table outbox_event (
    id          bigserial primary key,
    topic       text         not null,
    event_key   text         not null,
    payload     text         not null,
    created_at  timestamptz  not null default now(),
    -- The W3C traceparent of the request that wrote the event (OutboxWriter), sent by the relay as the Kafka
    -- record's trace context so consumers continue the declaration's trace. Null when tracing is off.
    traceparent text
);
