package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #14, finding 1, on the consumer's side: incident-service sends nothing before release, but if a snapshot of
 * a draft cancelled before approval ever arrived (an older producer, a replayed topic), no public output shows it —
 * before, a CANCELLED snapshot counted as public and was served as a signed CAP Alert.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class UnreleasedIncidentTest {

    @Test
    void aDraftCancelledBeforeApprovalAppearsNowhere() {
        UUID cancelled = UUID.randomUUID();
        String text = "Évacuez immédiatement " + cancelled;
        publish(unreleased(Incidents.snapshot(cancelled, 1, IncidentStatus.DRAFT, text, List.of("15"), "department:59")));
        publish(unreleased(Incidents.snapshot(cancelled, 2, IncidentStatus.CANCELLED, text, List.of("15"), "department:59")));
        // Same partition, later offset: once the witness shows, the cancelled draft has been consumed.
        UUID witness = UUID.randomUUID();
        publish(Incidents.snapshot(witness, 1, IncidentStatus.ACTIVE, "Témoin " + witness, List.of("15"), "department:59"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(given().get("/feeds/incidents.atom").then().extract().asString()).contains(witness.toString()));

        for (String path : List.of("/feeds/incidents.atom", "/feeds/incidents.rss", "/feeds/cap.atom",
                "/api/v1/notices?territory=59", "/departements/59", "/")) {
            assertThat(given().get(path).then().statusCode(200).extract().asString()).as(path)
                    .doesNotContain(cancelled.toString()).doesNotContain(text);
        }
        given().get("/incidents/" + cancelled).then().statusCode(404);
        given().get("/cap/" + cancelled + ".xml").then().statusCode(404);
    }

    private static IncidentSnapshot unreleased(IncidentSnapshot s) {
        return new IncidentSnapshot(s.id(), s.reference(), s.version(), s.status(), s.mode(), s.category(), s.title(),
                s.description(), s.instructions(), s.services(), s.territories(), s.severity(), s.urgency(),
                s.certainty(), s.authority(), s.detectedAt(), s.declaredAt(), null, s.expectedEndAt(), s.resolvedAt(),
                s.updatedAt(), s.timeline());
    }

    private static void publish(IncidentSnapshot snapshot) {
        IncidentEvent event = IncidentEvent.of(IncidentEventType.UPDATED, snapshot, Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }
}
