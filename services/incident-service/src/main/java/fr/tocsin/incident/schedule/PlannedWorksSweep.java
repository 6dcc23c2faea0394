package fr.tocsin.incident.schedule;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs {@link PlannedTransitions#applyDue} on every replica every {@code tocsin.schedule.sweep-interval} (15 s:
 * planned works start and end within that of their time), first right after start-up, which is the catch-up
 * after a downtime. Replicas need no coordination: the row locks of the sweep are it.
 */
@ApplicationScoped
public class PlannedWorksSweep {

    private static final Logger LOG = Logger.getLogger(PlannedWorksSweep.class);

    @Inject
    PlannedTransitions transitions;

    @Scheduled(identity = "planned-works-sweep", every = "${tocsin.schedule.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            transitions.applyDue();
        } catch (RuntimeException e) {
            // Database away: what is due stays due, and the next sweep takes it.
            LOG.warnf("Planned works sweep failed, retried in the next one: %s", e.getMessage());
        }
    }
}
