package fr.tocsin.incident.audit;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.kit.audit.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * An incident's actions in the service's audit trail (the kit's {@link AuditTrail}), in the transaction of the
 * action: the incident is the target, and the territories it covered before and after are the ones concerned.
 */
@ApplicationScoped
public class AuditLog {

    @Inject
    AuditTrail trail;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, String action, UUID incidentId, Object before, Object after,
                       Instant at) {
        // The states are snapshots, or another record of the decision (a rejection): territories come from snapshots.
        Set<TerritoryRef> territories = new LinkedHashSet<>();
        for (Object state : new Object[] {before, after}) {
            if (state instanceof IncidentSnapshot snapshot) {
                territories.addAll(snapshot.territories());
            }
        }
        trail.appendJson(actor, action, incidentId == null ? null : incidentId.toString(), territories,
                before == null ? null : EventJson.write(before), after == null ? null : EventJson.write(after), at);
    }
}
