package fr.tocsin.broadcast.incidents;

import fr.tocsin.broadcast.delivery.DeliveryPlanner;
import fr.tocsin.broadcast.incidents.persistence.FollowedSnapshots;
import fr.tocsin.broadcast.subscriptions.SubscriberFanOut;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Optional;

/**
 * Follows incidents and live numbers from their events and plans the posts and subscriber messages
 * ({@link SubscriberFanOut}) of each new public version, in one
 * transaction with storing that version: an older or repeated version (a redelivery after a rebalance or a crash
 * before the offset commit) finds a version at least as new stored and changes nothing. The ledger's unique key is
 * the second guard, should two replicas ever plan the same version.
 */
@ApplicationScoped
public class IncidentFollower {

    @Inject
    FollowedSnapshots snapshots;

    @Inject
    DeliveryPlanner planner;

    @Inject
    SubscriberFanOut subscribers;

    /** @return the deliveries planned (posts and subscriber messages) */
    @Transactional
    public int apply(IncidentEvent event) {
        IncidentSnapshot incident = event.incident();
        if (!incident.isReleased()) {
            return 0; // never approved: nothing of it may leave, and it is no public version to compare with
        }
        Optional<IncidentSnapshot> previous = snapshots.lockIncident(incident.id());
        if (previous.isPresent() && previous.get().version() >= incident.version()) {
            return 0;
        }
        if (!snapshots.storeIfNewer(incident)) {
            return 0; // another consumer stored it meanwhile
        }
        return planner.plan(incident, previous.orElse(null)) + subscribers.plan(incident, previous.orElse(null));
    }

    /** @return the deliveries planned (posts and subscriber messages) */
    @Transactional
    public int apply(LiveNumbersEvent numbers) {
        return snapshots.storeIfNewer(numbers) ? planner.plan(numbers) + subscribers.plan(numbers) : 0;
    }
}
