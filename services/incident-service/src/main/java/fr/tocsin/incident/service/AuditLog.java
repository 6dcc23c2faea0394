package fr.tocsin.incident.service;

import fr.tocsin.contracts.auth.Actor;

import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.incident.persistence.AuditRecordEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** Writes the audit trail in the transaction of the action, so no action is without its record. */
@ApplicationScoped
public class AuditLog {

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, String action, UUID incidentId, IncidentSnapshot before, IncidentSnapshot after,
                       Instant at) {
        AuditRecordEntity record = new AuditRecordEntity();
        record.at = at;
        record.actor = actor.subject();
        record.actorRole = actor.role().claim();
        record.action = action;
        record.incidentId = incidentId;
        record.before = before == null ? null : EventJson.write(before);
        record.after = after == null ? null : EventJson.write(after);
        record.persist();
    }
}
