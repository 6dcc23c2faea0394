package fr.tocsin.contracts.incident;

import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.territory.TerritoryRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The publication rule, on the snapshot every consumer reads (issue #14, finding 1). */
class IncidentSnapshotTest {

    private static final Instant NOW = Instant.parse("2026-06-02T16:00:00Z");

    @Test
    void aDraftCancelledBeforeApprovalIsNeverPublic() {
        assertThat(snapshot(IncidentStatus.DRAFT, IncidentMode.ACTUAL, null).isPublic()).isFalse();
        assertThat(snapshot(IncidentStatus.CANCELLED, IncidentMode.ACTUAL, null).isPublic()).isFalse();
        assertThat(snapshot(IncidentStatus.CANCELLED, IncidentMode.ACTUAL, null).isReleased()).isFalse();
    }

    @Test
    void aReleasedIncidentIsPublicWhenActualAndStaysSoOnceEnded() {
        for (IncidentStatus status : List.of(IncidentStatus.ACTIVE, IncidentStatus.MONITORING, IncidentStatus.RESOLVED,
                IncidentStatus.CANCELLED)) {
            assertThat(snapshot(status, IncidentMode.ACTUAL, NOW).isPublic()).as(status.name()).isTrue();
        }
        assertThat(snapshot(IncidentStatus.ACTIVE, IncidentMode.EXERCISE, NOW).isPublic()).isFalse();
        assertThat(snapshot(IncidentStatus.ACTIVE, IncidentMode.EXERCISE, NOW).isReleased()).isTrue();
    }

    @Test
    void aSnapshotWithoutPublishedAtIsNotPublic() {
        String json = EventJson.write(snapshot(IncidentStatus.ACTIVE, IncidentMode.ACTUAL, NOW))
                .replace("\"publishedAt\":\"2026-06-02T16:00:00Z\",", "");
        assertThat(json).doesNotContain("publishedAt");
        assertThat(EventJson.read(json, IncidentSnapshot.class).isPublic()).isFalse();
    }

    /** Planned works (#22): additive fields, read back as written; an event written before them reads as unplanned. */
    @Test
    void plannedWorksAreUpcomingPublicAndNotInForce() {
        IncidentSnapshot s = snapshot(IncidentStatus.SCHEDULED, IncidentMode.ACTUAL, NOW);
        IncidentSnapshot planned = new IncidentSnapshot(s.id(), s.reference(), s.version(), s.status(), s.mode(),
                s.category(), s.title(), s.description(), s.instructions(), s.services(), s.territories(), s.severity(),
                Urgency.FUTURE, s.certainty(), s.authority(), null, NOW, NOW, NOW.plusSeconds(7200), null, NOW,
                List.of(), NOW.plusSeconds(3600), NOW.plusSeconds(7200));
        IncidentSnapshot read = EventJson.read(EventJson.write(planned), IncidentSnapshot.class);
        assertThat(read).isEqualTo(planned);
        assertThat(read.isPublic()).isTrue();
        assertThat(read.isPlanned()).isTrue();
        assertThat(read.status().inForce()).isFalse();
        assertThat(read.status().upcoming()).isTrue();
        assertThat(read.status().terminal()).isFalse();

        String before22 = EventJson.write(snapshot(IncidentStatus.ACTIVE, IncidentMode.ACTUAL, NOW));
        assertThat(before22).doesNotContain("planned");
        assertThat(EventJson.read(before22, IncidentSnapshot.class).isPlanned()).isFalse();
    }

    private static IncidentSnapshot snapshot(IncidentStatus status, IncidentMode mode, Instant publishedAt) {
        return new IncidentSnapshot(UUID.randomUUID(), "INC-2026-000001", 1, status, mode, "emergency-numbers",
                LocalizedText.fr("Évacuez"), LocalizedText.fr("…"), null, List.of("15"),
                List.of(TerritoryRef.parse("department:59")), Severity.EXTREME, Urgency.IMMEDIATE, Certainty.OBSERVED,
                "Préfecture du Nord", NOW, NOW, publishedAt, null, null, NOW, List.of());
    }
}
