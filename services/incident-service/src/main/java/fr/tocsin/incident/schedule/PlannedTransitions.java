package fr.tocsin.incident.schedule;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.incident.lifecycle.IncidentChanges;
import fr.tocsin.incident.lifecycle.IncidentMapper;
import fr.tocsin.incident.lifecycle.PendingChange;
import fr.tocsin.incident.lifecycle.PlannedWorks;
import fr.tocsin.incident.lifecycle.persistence.IncidentEntity;
import fr.tocsin.incident.lifecycle.persistence.IncidentRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static fr.tocsin.incident.lifecycle.IncidentChanges.entry;

/**
 * Planned works start and end by themselves (#22). A sweep, not a timer per incident: what is due is read from the
 * incident rows ({@code SCHEDULED} with its planned start passed, in force with its planned end passed) under
 * {@code FOR UPDATE SKIP LOCKED}, one incident per transaction. So it is durable (nothing to lose in memory: a
 * service down at 02:00 finds the works due at its first sweep), it fires once (a replica skips the row another
 * holds, and once committed the row no longer matches), and a person's change wins (a resolve or cancel committed
 * first leaves nothing due; one made during the transition waits for the row lock and then fails its If-Match).
 * Each transition is an ordinary version: a timeline entry, an audit record by {@link #SCHEDULER}, an event.
 */
@ApplicationScoped
public class PlannedTransitions {

    private static final Logger LOG = Logger.getLogger(PlannedTransitions.class);

    /** Who acts at the planned start and end, as the timeline and the audit trail name it. */
    public static final Actor SCHEDULER = new Actor("tocsin-scheduler", "Programmation automatique",
            Actor.Role.MINISTRY, List.of(TerritoryRef.national()), "Tocsin");

    /** A sweep stops after this many, so one long catch-up does not hold the scheduler thread for ever. */
    static final int MAX_PER_SWEEP = 500;

    @Inject
    IncidentChanges changes;

    @Inject
    IncidentRepository incidents;

    /** Applies every transition due now, each in its own transaction. @return how many were applied */
    public int applyDue() {
        int applied = 0;
        while (applied < MAX_PER_SWEEP && QuarkusTransaction.requiringNew().call(this::applyNext)) {
            applied++;
        }
        if (applied > 0) {
            LOG.infof("Planned works: %d transition(s) applied", applied);
        }
        return applied;
    }

    /** One due transition, in the caller's transaction; false when nothing is due. */
    boolean applyNext() {
        Instant now = changes.now();
        Optional<IncidentEntity> due = incidents.claimDueToStart(now);
        if (due.isPresent()) {
            start(due.get(), now);
            return true;
        }
        due = incidents.claimDueToEnd(now);
        if (due.isPresent()) {
            end(due.get(), now, new LocalizedText("Fin des travaux programmés", "Planned works over"));
            return true;
        }
        return false;
    }

    private void start(IncidentEntity incident, Instant now) {
        if (incident.plannedEndAt != null && !now.isBefore(incident.plannedEndAt)) {
            // The whole window passed while no sweep ran: never put in force for a moment (numbers live, posts)
            // only to end it at once.
            end(incident, now, new LocalizedText("Fin des travaux programmés (constatée après leur fin prévue)",
                    "Planned works over (noted after their planned end)"));
            return;
        }
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        PlannedWorks.putInForce(incident);
        incident.addToTimeline(entry(now, SCHEDULER, new LocalizedText("Début des travaux programmés",
                "Planned works have begun"), IncidentStatus.ACTIVE));
        followPending(incident, IncidentStatus.SCHEDULED, IncidentStatus.ACTIVE);
        changes.bumpAndPublish(SCHEDULER, "SCHEDULED_START", IncidentEventType.STATUS_CHANGED, before, incident, now);
        LOG.infof("Planned works %s started (version %d)", incident.reference, incident.version);
    }

    private void end(IncidentEntity incident, Instant now, LocalizedText message) {
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        IncidentStatus from = incident.status;
        incident.status = IncidentStatus.RESOLVED;
        incident.resolvedAt = now;
        incident.addToTimeline(entry(now, SCHEDULER, message, IncidentStatus.RESOLVED));
        followPending(incident, from, IncidentStatus.RESOLVED);
        changes.bumpAndPublish(SCHEDULER, "SCHEDULED_END", IncidentEventType.RESOLVED, before, incident, now);
        LOG.infof("Planned works %s ended (version %d)", incident.reference, incident.version);
    }

    /**
     * A change waiting for approval that keeps the status the incident had keeps following it: approved later,
     * it must not take the incident back to upcoming or in force.
     */
    private void followPending(IncidentEntity incident, IncidentStatus from, IncidentStatus to) {
        PendingChange pending = changes.pending(incident);
        if (pending == null) {
            return;
        }
        IncidentStatus proposed = pending.proposal().status();
        if (proposed == from || to == IncidentStatus.RESOLVED && proposed.inForce()) {
            incident.pendingChange = changes.write(new PendingChange(pending.proposedBy(), pending.proposedAt(),
                    pending.lastEditedBy(), pending.proposal().withStatus(to), pending.notes()));
        }
    }
}
