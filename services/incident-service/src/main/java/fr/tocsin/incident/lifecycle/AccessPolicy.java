package fr.tocsin.incident.lifecycle;

import fr.tocsin.contracts.auth.Actor;

import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.incident.lifecycle.persistence.IncidentEntity;

import java.util.Collection;
import java.util.List;

/** Who may act where, and who may read what. Territories are the scope: an authority acts within its token's. */
public final class AccessPolicy {

    private static final String NATIONAL = TerritoryRef.national().toString();

    private AccessPolicy() {
    }

    /** Every territory of the incident must lie within one of the actor's. */
    public static void requireScope(Actor actor, List<TerritoryRef> territories) {
        for (TerritoryRef territory : territories) {
            if (!actor.covers(territory)) {
                throw new AccessDeniedException("Hors de votre compétence / outside your jurisdiction: "
                        + actor.role().claim() + " of " + actor.territories() + " cannot act on " + territory);
            }
        }
    }

    /** Changing an incident needs scope over all of it; an operator only touches its own declarations. */
    public static void requireManage(Actor actor, IncidentEntity incident) {
        requireScope(actor, refs(incident.territories));
        if (actor.role() == Actor.Role.OPERATOR && !actor.subject().equals(incident.createdBy)) {
            throw new AccessDeniedException("Un opérateur ne modifie que ses propres déclarations / "
                    + "an operator may only change its own declarations");
        }
    }

    /**
     * Approving or rejecting is the second pair of eyes: an authority in scope of everything the incident covers
     * now and would cover after, never an operator, never whoever wrote or last edited what is approved; all of
     * France only by a ministry.
     *
     * @param writers     subjects who wrote or edited what is being approved
     * @param territories the territories now and after the change
     */
    public static void requireApprove(Actor actor, IncidentEntity incident, Collection<String> writers,
                                      List<String> territories) {
        if (actor.role() == Actor.Role.OPERATOR) {
            throw new AccessDeniedException("Un opérateur ne peut pas approuver / an operator cannot approve");
        }
        if (writers.contains(actor.subject())) {
            throw new AccessDeniedException("Principe des quatre yeux : qui a rédigé ou modifié ne peut approuver / "
                    + "four-eyes: whoever wrote or edited it cannot approve or reject it");
        }
        requireScope(actor, refs(territories));
        if (territories.contains(NATIONAL) && actor.role() != Actor.Role.MINISTRY) {
            throw new AccessDeniedException("Un incident national s’approuve au ministère / a national incident is "
                    + "approved by a ministry");
        }
    }

    /**
     * Reads are scoped like writes: an incident touching the actor's territories, or one they declared. A draft
     * (or a draft rejected or cancelled before release) only for its author, its editors and whoever may approve it.
     */
    public static boolean mayRead(Actor actor, IncidentEntity incident, PendingChange pending) {
        boolean writer = actor.subject().equals(incident.createdBy) || actor.subject().equals(incident.lastEditedBy);
        if (incident.publishedAt == null) {
            return writer || mayApproveScope(actor, incident.territories);
        }
        return writer || overlaps(actor, incident.territories)
                || pending != null && (isWriter(actor, pending) || mayApproveScope(actor, pending.proposal().territories()));
    }

    /** A pending change only for its proposer, its editors and whoever may approve it. */
    public static boolean mayReadPending(Actor actor, IncidentEntity incident, PendingChange pending) {
        return isWriter(actor, pending) || mayApproveScope(actor, IncidentChanges.union(incident.territories, pending.proposal().territories()));
    }

    private static boolean isWriter(Actor actor, PendingChange pending) {
        return actor.subject().equals(pending.proposedBy()) || actor.subject().equals(pending.lastEditedBy());
    }

    private static boolean mayApproveScope(Actor actor, List<String> territories) {
        return actor.role() != Actor.Role.OPERATOR
                && refs(territories).stream().allMatch(actor::covers)
                && (!territories.contains(NATIONAL) || actor.role() == Actor.Role.MINISTRY);
    }

    private static boolean overlaps(Actor actor, List<String> territories) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        return refs(territories).stream().anyMatch(t -> actor.territories().stream()
                .anyMatch(own -> directory.related(own, t)));
    }

    private static List<TerritoryRef> refs(List<String> territories) {
        return territories.stream().map(TerritoryRef::parse).toList();
    }
}
