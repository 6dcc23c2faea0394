package fr.tocsin.dissemination.readmodel;

import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * Applies an event to the read model, in one transaction. Every instance consumes every event (its own consumer
 * group, to keep its pages current); posts and webhooks are broadcast-service's, from the same topics.
 */
@ApplicationScoped
public class EventApplier {

    @Inject
    NoticeBoard board;

    @Transactional
    public void apply(IncidentEvent event) {
        board.apply(event.incident(), event.occurredAt());
    }

    @Transactional
    public void apply(LiveNumbersEvent set) {
        board.apply(set);
    }

    /** A batch of live-number sets, in their order, in one transaction. */
    @Transactional
    public void applyAll(List<LiveNumbersEvent> sets) {
        board.applyAll(sets);
    }
}
