package fr.tocsin.fallback.activation;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class IncidentTrackingTest {

    @Test
    void keepsTheNewestVersionOfEachIncident() throws Exception {
        UUID id = UUID.randomUUID();
        publish(id, 2, IncidentStatus.MONITORING);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(id).isPresent());
        assertThat(state(id)).contains("2 MONITORING {15,17,18,112} {department:59}");

        // An older version arriving late (out of order) and a redelivery of the current one change nothing;
        // the marker, behind them on the same partition, shows they were consumed.
        publish(id, 1, IncidentStatus.ACTIVE);
        publish(id, 2, IncidentStatus.RESOLVED);
        UUID marker = UUID.randomUUID();
        publish(marker, 1, IncidentStatus.ACTIVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(marker).isPresent());
        assertThat(state(id)).contains("2 MONITORING {15,17,18,112} {department:59}");

        publish(id, 3, IncidentStatus.RESOLVED);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(id).orElse("").startsWith("3 "));
        assertThat(state(id)).contains("3 RESOLVED {15,17,18,112} {department:59}");
    }

    private static void publish(UUID id, long version, IncidentStatus status) {
        IncidentEvent event = IncidentEvent.of(IncidentEventType.UPDATED, Incidents.snapshot(id, version, status,
                "Numéros d'urgence injoignables", List.of("15", "17", "18", "112"), "59"), Instant.now());
        // One partition for all, so that ordering across incidents is deterministic in these tests.
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }

    private static Optional<String> state(UUID id) {
        return TestDatabase.firstRow("fallback",
                "select version, status, services::text, territories::text from incident_state where id = ?", id);
    }
}
