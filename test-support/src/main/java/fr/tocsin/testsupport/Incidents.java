package fr.tocsin.testsupport;

import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Incident snapshots for consumer tests, as incident-service would publish them. */
public final class Incidents {

    private Incidents() {
    }

    public static IncidentSnapshot snapshot(UUID id, long version, IncidentStatus status, String title,
                                            List<String> services, String... territories) {
        return snapshot(IncidentMode.ACTUAL, id, version, status, title, services, territories);
    }

    /**
     * Planned works (#22) from {@code start} to {@code end}, as incident-service publishes them: SCHEDULED (urgency
     * Future) before the start, then ACTIVE and RESOLVED, each status a version of its own.
     */
    public static IncidentSnapshot planned(UUID id, long version, IncidentStatus status, String title, Instant start,
                                           Instant end, List<String> services, String... territories) {
        IncidentSnapshot s = snapshot(IncidentMode.ACTUAL, id, version, status, title, services, territories);
        return new IncidentSnapshot(s.id(), s.reference(), s.version(), s.status(), s.mode(), "planned-works",
                s.title(), s.description(), s.instructions(), s.services(), s.territories(), s.severity(),
                status == IncidentStatus.SCHEDULED ? Urgency.FUTURE : Urgency.IMMEDIATE, Certainty.LIKELY,
                s.authority(), null, s.declaredAt(), s.publishedAt(), end, s.resolvedAt(), s.updatedAt(),
                List.of(), start, end);
    }

    public static IncidentSnapshot snapshot(IncidentMode mode, UUID id, long version, IncidentStatus status, String title,
                                            List<String> services, String... territories) {
        Instant now = Instant.now();
        return new IncidentSnapshot(id, "INC-2026-" + String.format("%06d", Math.abs(id.hashCode() % 1_000_000)),
                version, status, mode, "emergency-numbers", LocalizedText.fr(title),
                LocalizedText.fr("Description de " + title), null, services,
                Arrays.stream(territories).map(TerritoryRef::parse).toList(), Severity.SEVERE, Urgency.IMMEDIATE,
                Certainty.OBSERVED, "Préfecture de test", now, now, status == IncidentStatus.DRAFT ? null : now, null,
                status.terminal() ? now : null, now, List.of());
    }
}
