package fr.tocsin.fallback.messaging;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.fallback.persistence.OutboxEventEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** Records a live-numbers event in the transaction that changed the live set: no dual write. */
@ApplicationScoped
public class OutboxWriter {

    /** Fired inside the transaction; the relay observes it after a successful commit. */
    public record OutboxWritten() {
    }

    @Inject
    Event<OutboxWritten> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(LiveNumbersEvent event) {
        OutboxEventEntity row = new OutboxEventEntity();
        row.topic = Topics.FALLBACK_NUMBERS;
        row.key = event.key();
        row.payload = EventJson.write(event);
        row.createdAt = Instant.now();
        row.persist();
        written.fire(new OutboxWritten());
    }
}
