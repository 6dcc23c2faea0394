package fr.tocsin.contracts.incident;

import com.fasterxml.jackson.annotation.JsonIgnore;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The full state of an incident at one version. Events carry the whole snapshot, never a delta, so a
 * consumer needs no history: the newest version it has seen is the truth, and the topic can be compacted.
 *
 * @param reference human reference such as {@code INC-2026-000123}
 * @param services  affected services: emergency and public numbers ("15", "17", "18", "112", "116117", ...) or
 *                  named local services ("mairie", "etat-civil", ...)
 * @param authority the issuing authority, as shown to the public (e.g. "Préfecture du Nord")
 */
public record IncidentSnapshot(
        UUID id,
        String reference,
        long version,
        IncidentStatus status,
        IncidentMode mode,
        String category,
        LocalizedText title,
        LocalizedText description,
        LocalizedText instructions,
        List<String> services,
        List<TerritoryRef> territories,
        Severity severity,
        Urgency urgency,
        Certainty certainty,
        String authority,
        Instant detectedAt,
        Instant declaredAt,
        Instant expectedEndAt,
        Instant resolvedAt,
        Instant updatedAt,
        List<TimelineEntry> timeline) {

    public IncidentSnapshot {
        services = services == null ? List.of() : List.copyOf(services);
        territories = territories == null ? List.of() : List.copyOf(territories);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /** Whether the public may see it: actual mode, and not a draft. Derived, so not part of the JSON. */
    @JsonIgnore
    public boolean isPublic() {
        return mode == IncidentMode.ACTUAL && status != IncidentStatus.DRAFT;
    }
}
