package fr.tocsin.contracts.incident;

import fr.tocsin.contracts.event.EventEnvelope;

import java.time.Instant;
import java.util.UUID;

/** Published on {@link fr.tocsin.contracts.Topics#INCIDENTS} on every state change, keyed by incident id. */
public record IncidentEvent(int schemaVersion, UUID eventId, IncidentEventType type, Instant occurredAt,
                            IncidentSnapshot incident) implements EventEnvelope {

    public static IncidentEvent of(IncidentEventType type, IncidentSnapshot incident, Instant occurredAt) {
        return new IncidentEvent(CURRENT_SCHEMA_VERSION, UUID.randomUUID(), type, occurredAt, incident);
    }

    @Override
    public String key() {
        return incident.id().toString();
    }

    @Override
    public long aggregateVersion() {
        return incident.version();
    }
}
