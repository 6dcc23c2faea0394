package fr.tocsin.console.incidents.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.TimelineEntry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An incident as incident-service answers it to this person (its {@code IncidentView}: the snapshot, and the
 * pending change when the person may see it). Unknown fields are ignored: the API may grow.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IncidentJson(UUID id, String reference, long version, IncidentStatus status, IncidentMode mode,
                           String category, LocalizedText title, LocalizedText description, LocalizedText instructions,
                           List<String> services, List<String> territories, Severity severity, String authority,
                           Instant declaredAt, Instant publishedAt, Instant updatedAt, List<TimelineEntry> timeline,
                           Pending pendingChange) {

    public IncidentJson {
        services = services == null ? List.of() : services;
        territories = territories == null ? List.of() : territories;
        timeline = timeline == null ? List.of() : timeline;
    }

    /** An exercise or a test: shown to no citizen. */
    public boolean exercise() {
        return mode != null && mode != IncidentMode.ACTUAL;
    }

    /** A change of a released incident waiting for a second person. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pending(String proposedBy, Instant proposedAt, String lastEditedBy, Proposal proposal,
                          List<TimelineEntry> notes) {
    }

    /** The public fields as the pending change would leave them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Proposal(LocalizedText title, LocalizedText description, LocalizedText instructions,
                           List<String> services, List<String> territories, Severity severity, IncidentStatus status) {
    }

    /** A ready-made declaration ({@code GET /api/v1/templates}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Template(String id, String category, LocalizedText title, LocalizedText description,
                           LocalizedText instructions, List<String> services, Severity severity) {
    }
}
