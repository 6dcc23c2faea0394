package fr.tocsin.incident.messaging;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.incident.persistence.OutboxEventEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * Records an event in the outbox within the caller's transaction: the change and its event commit or roll
 * back together, so no accepted change is ever missing from Kafka (no dual write).
 */
@ApplicationScoped
public class OutboxWriter {

    /** Fired inside the transaction; the relay observes it after a successful commit. */
    public record OutboxWritten() {
    }

    @Inject
    Event<OutboxWritten> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(IncidentEvent event) {
        OutboxEventEntity row = new OutboxEventEntity();
        row.topic = Topics.INCIDENTS;
        row.key = event.key();
        row.payload = EventJson.write(event);
        row.createdAt = Instant.now();
        row.persist();
        written.fire(new OutboxWritten());
    }
}
