package fr.tocsin.incident.approval;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.incident.lifecycle.AccessPolicy;
import fr.tocsin.incident.lifecycle.IllegalTransitionException;
import fr.tocsin.incident.lifecycle.IncidentChanges;
import fr.tocsin.incident.lifecycle.IncidentMapper;
import fr.tocsin.incident.lifecycle.IncidentView;
import fr.tocsin.incident.lifecycle.PendingChange;
import fr.tocsin.incident.lifecycle.PlannedWorks;
import fr.tocsin.incident.lifecycle.PendingChange.Proposal;
import fr.tocsin.incident.lifecycle.persistence.IncidentEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.tocsin.incident.lifecycle.IncidentChanges.entry;
import static fr.tocsin.incident.lifecycle.IncidentChanges.text;
import static fr.tocsin.incident.lifecycle.IncidentChanges.union;

/**
 * Four-eyes: the second person approves or rejects a draft (released, or cancelled without ever being public) or
 * the change waiting on a released incident (applied, or dropped while the public keeps the approved version).
 * Who may do so is {@link AccessPolicy#requireApprove}; when a change must wait is declaration's
 * {@code Declarations.needsSecondPerson}.
 */
@ApplicationScoped
public class Approvals {

    @Inject
    IncidentChanges changes;

    /** Approves a draft (it is released) or the change waiting on a released incident (it is applied). */
    @Transactional
    public IncidentView approve(Actor actor, UUID id, long expectedVersion) {
        IncidentEntity incident = changes.lockForChange(id, expectedVersion);
        PendingChange pending = changes.pending(incident);
        Instant now = changes.now();
        if (incident.status == IncidentStatus.DRAFT) {
            AccessPolicy.requireApprove(actor, incident, List.of(incident.createdBy, incident.lastEditedBy),
                    incident.territories);
            if (incident.plannedEndAt != null && !now.isBefore(incident.plannedEndAt)) {
                throw new IllegalTransitionException("Travaux déjà terminés / the planned works are over (planned end "
                        + incident.plannedEndAt + "): reject the draft instead");
            }
            IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
            // Planned works approved ahead are announced as upcoming; approved late, they are in force at once.
            if (PlannedWorks.statusOnRelease(incident.plannedStartAt, now) == IncidentStatus.SCHEDULED) {
                incident.status = IncidentStatus.SCHEDULED;
            } else {
                PlannedWorks.putInForce(incident);
            }
            incident.approvedBy = actor.subject();
            incident.approvedAt = now;
            incident.publishedAt = now;
            incident.addToTimeline(entry(now, actor, incident.status == IncidentStatus.SCHEDULED
                    ? new LocalizedText("Travaux programmés approuvés et annoncés", "Planned works approved and announced")
                    : new LocalizedText("Incident approuvé et publié", "Incident approved and published"), incident.status));
            return changes.view(changes.bumpAndPublish(actor, "APPROVE", IncidentEventType.DECLARED, before, incident, now), incident);
        }
        if (pending == null) {
            throw new IllegalTransitionException("Rien à approuver / nothing to approve: not a draft and no pending "
                    + "change (status " + incident.status + ")");
        }
        AccessPolicy.requireApprove(actor, incident, List.of(pending.proposedBy(), pending.lastEditedBy()),
                union(incident.territories, pending.proposal().territories()));
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        IncidentStatus oldStatus = incident.status;
        Proposal proposal = pending.proposal();
        proposal.applyTo(incident);
        incident.approvalRequired = incident.approvalRequired || proposal.weighty();
        incident.pendingChange = null;
        incident.approvedBy = actor.subject();
        incident.approvedAt = now;
        for (PendingChange.Note note : pending.notes()) {
            incident.addToTimeline(entry(note.at(), note.author(), note.message(), note.status()));
        }
        if (proposal.status().terminal()) {
            incident.resolvedAt = now;
        }
        IncidentEventType type = switch (proposal.status()) {
            case RESOLVED -> IncidentEventType.RESOLVED;
            case CANCELLED -> IncidentEventType.CANCELLED;
            default -> proposal.status() != oldStatus ? IncidentEventType.STATUS_CHANGED : IncidentEventType.UPDATED;
        };
        return changes.view(changes.bumpAndPublish(actor, "APPROVE_CHANGE", type, before, incident, now), incident);
    }

    /**
     * Rejects a draft (it is cancelled, never released) or the change waiting on a released incident (it is
     * dropped; the public keeps the approved version). Recorded in the audit trail, never public.
     */
    @Transactional
    public IncidentView reject(Actor actor, UUID id, long expectedVersion, LocalizedText message) {
        IncidentEntity incident = changes.lockForChange(id, expectedVersion);
        PendingChange pending = changes.pending(incident);
        Instant now = changes.now();
        LocalizedText reason = text(message).orElse(new LocalizedText("Rejeté", "Rejected"));
        if (incident.status == IncidentStatus.DRAFT) {
            AccessPolicy.requireApprove(actor, incident, List.of(incident.createdBy, incident.lastEditedBy),
                    incident.territories);
            IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
            incident.status = IncidentStatus.CANCELLED;
            incident.resolvedAt = now;
            incident.addToTimeline(entry(now, actor, reason, IncidentStatus.CANCELLED));
            return changes.view(changes.bumpAndPublish(actor, "REJECT", IncidentEventType.CANCELLED, before, incident, now), incident);
        }
        if (pending == null) {
            throw new IllegalTransitionException("Rien à rejeter / nothing to reject: not a draft and no pending "
                    + "change (status " + incident.status + ")");
        }
        AccessPolicy.requireApprove(actor, incident, List.of(pending.proposedBy(), pending.lastEditedBy()),
                union(incident.territories, pending.proposal().territories()));
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        incident.pendingChange = null;
        return changes.recordUnpublished(actor, "REJECT_CHANGE", incident, before,
                Map.of("rejected", pending, "reason", reason), now);
    }
}
