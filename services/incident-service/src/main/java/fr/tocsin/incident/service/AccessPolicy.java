package fr.tocsin.incident.service;

import fr.tocsin.contracts.auth.Actor;

import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.incident.persistence.IncidentEntity;

import java.util.List;

/** Who may act where. Territories are the only scope: an authority acts within what its token grants. */
public final class AccessPolicy {

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

    /** Changing an incident needs scope over all of it; an operator only touches its own drafts. */
    public static void requireManage(Actor actor, IncidentEntity incident) {
        requireScope(actor, incident.territories.stream().map(TerritoryRef::parse).toList());
        if (actor.role() == Actor.Role.OPERATOR && !actor.subject().equals(incident.createdBy)) {
            throw new AccessDeniedException("Un opérateur ne modifie que ses propres déclarations / "
                    + "an operator may only change its own declarations");
        }
    }

    /** Approval is the second pair of eyes: an authority in scope, never the author, never an operator. */
    public static void requireApprove(Actor actor, IncidentEntity incident) {
        if (actor.role() == Actor.Role.OPERATOR) {
            throw new AccessDeniedException("Un opérateur ne peut pas approuver / an operator cannot approve");
        }
        if (actor.subject().equals(incident.createdBy)) {
            throw new AccessDeniedException("Principe des quatre yeux : l'auteur ne peut pas approuver / "
                    + "four-eyes: the author cannot approve their own declaration");
        }
        requireScope(actor, incident.territories.stream().map(TerritoryRef::parse).toList());
    }
}
