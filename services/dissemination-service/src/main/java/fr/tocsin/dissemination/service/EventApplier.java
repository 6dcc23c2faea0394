package fr.tocsin.dissemination.service;

import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.dissemination.service.social.DeliveryPlanner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Applies an event to the read model and plans its posts in one transaction: the posts are planned exactly
 * when the read model first learns the news. Every instance consumes every event (its own consumer group, to
 * keep its pages current), but only the first to persist a version plans its posts; a replay plans nothing.
 */
@ApplicationScoped
public class EventApplier {

    @Inject
    NoticeBoard board;

    @Inject
    DeliveryPlanner planner;

    @Transactional
    public void apply(IncidentEvent event) {
        IncidentSnapshot incident = event.incident();
        if (board.apply(incident, event.occurredAt())) {
            planner.plan(incident, board.previousVersion(incident).orElse(null));
        }
    }

    @Transactional
    public void apply(LiveNumbersEvent set) {
        if (board.apply(set)) {
            planner.plan(set);
        }
    }
}
