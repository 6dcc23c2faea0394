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
 * @param authority the issuing authority, as shown to the public (e.g. "Préfecture du Nord"): always the
 *                  declaring token's {@code tocsin_authority}, never what a request says
 * @param publishedAt when the incident was first released (declared needing no approval, or approved); null while
 *                  a draft, and for ever when the draft was rejected or cancelled before approval
 * @param plannedStartAt planned works (#22): when the incident goes in force by itself (status SCHEDULED until
 *                  then); null for an outage declared as it happens. Added without a new schema version: absent in
 *                  older events, ignored by older readers
 * @param plannedEndAt planned works: when it is resolved by itself, unless someone ended it before; null otherwise
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
        Instant publishedAt,
        Instant expectedEndAt,
        Instant resolvedAt,
        Instant updatedAt,
        List<TimelineEntry> timeline,
        Instant plannedStartAt,
        Instant plannedEndAt) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public IncidentSnapshot {
        services = services == null ? List.of() : List.copyOf(services);
        territories = territories == null ? List.of() : List.copyOf(territories);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /** An incident declared as it happens (no planned start or end): the shape before #22. */
    public IncidentSnapshot(UUID id, String reference, long version, IncidentStatus status, IncidentMode mode,
                            String category, LocalizedText title, LocalizedText description,
                            LocalizedText instructions, List<String> services, List<TerritoryRef> territories,
                            Severity severity, Urgency urgency, Certainty certainty, String authority,
                            Instant detectedAt, Instant declaredAt, Instant publishedAt, Instant expectedEndAt,
                            Instant resolvedAt, Instant updatedAt, List<TimelineEntry> timeline) {
        this(id, reference, version, status, mode, category, title, description, instructions, services, territories,
                severity, urgency, certainty, authority, detectedAt, declaredAt, publishedAt, expectedEndAt,
                resolvedAt, updatedAt, timeline, null, null);
    }

    /** Planned works (#22), whatever their status now: announced with a planned start. */
    @JsonIgnore
    public boolean isPlanned() {
        return plannedStartAt != null;
    }

    /**
     * The publication rule, in one place: a version reaches its audience only once the incident was released
     * (approved, or needing no approval). A draft, and a draft rejected or cancelled before approval, never does.
     * Derived, so not part of the JSON.
     */
    @JsonIgnore
    public boolean isReleased() {
        return publishedAt != null && status != IncidentStatus.DRAFT;
    }

    /** Whether the public may see it: released, and an actual alert (exercises and tests reach test accounts only). */
    @JsonIgnore
    public boolean isPublic() {
        return mode == IncidentMode.ACTUAL && isReleased();
    }
}
