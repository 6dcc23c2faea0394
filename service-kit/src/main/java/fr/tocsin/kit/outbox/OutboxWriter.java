package fr.tocsin.kit.outbox;

import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.event.EventJson;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * Records an event in the outbox within the caller's transaction: the change and its event commit or roll
 * back together, so no accepted change is ever missing from Kafka (no dual write).
 */
@ApplicationScoped
@IfBuildProperty(name = "tocsin.outbox.enabled", stringValue = "true")
public class OutboxWriter {

    /** Fired inside the transaction; the relay observes it after a successful commit. */
    public record OutboxWritten() {
    }

    @Inject
    Event<OutboxWritten> written;

    /** @param topic one of {@link fr.tocsin.contracts.Topics}; the record key is the event's aggregate */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, EventEnvelope event) {
        appendAll(topic, List.of(event));
    }

    /**
     * Several events of one change, in their order (a national activation's 101 live-number sets): one wake-up of
     * the relay after the commit, which sends them together.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(String topic, List<? extends EventEnvelope> events) {
        if (events.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        String traceparent = traceparent(Span.current().getSpanContext());
        for (EventEnvelope event : events) {
            OutboxEventEntity row = new OutboxEventEntity();
            row.topic = topic;
            row.key = event.key();
            row.payload = EventJson.write(event);
            row.createdAt = now;
            row.traceparent = traceparent;
            row.persist();
        }
        written.fire(new OutboxWritten());
    }

    /** The W3C {@code traceparent} of the current span (version 00), or null outside a trace. */
    static String traceparent(SpanContext span) {
        return span.isValid() ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }
}
