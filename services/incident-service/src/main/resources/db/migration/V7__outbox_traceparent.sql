-- The W3C traceparent of the request that wrote the event (service-kit's OutboxWriter), sent by the relay as the
-- Kafka record's trace context so consumers continue the declaration's trace. Null when tracing is off.
alter table outbox_event add column traceparent text;
