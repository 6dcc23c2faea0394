package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.dissemination.readmodel.IncidentEventConsumer;
import fr.tocsin.localstack.PostgresServer;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.LogCapture;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TestStack;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The public side keeps answering from memory while its database is down, and an event that arrives meanwhile
 * waits for the database instead of being lost or shown without being persisted. The pod stays ready and live
 * throughout (#17): readiness is the board in memory, so the ingress keeps sending citizens to it.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class DatabaseOutageResilienceTest {

    @Test
    void pagesFeedsAndCapAnswerWhileTheDatabaseIsDownAndTheWaitingEventLandsAfterwards() throws Exception {
        assumeTrue(TestStack.get().embeddedPostgres().isPresent(), "needs the embedded database server to stop it");
        PostgresServer postgres = TestStack.get().embeddedPostgres().get();

        UUID id = UUID.randomUUID();
        IncidentSnapshot declared = Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Le 15 ne répond plus dans les Côtes-d’Armor",
                List.of("15"), "department:22");
        publish(IncidentEventType.DECLARED, declared);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/departements/22").then()
                .body(containsString("Le 15 ne répond plus dans les Côtes-d’Armor")));
        given().get("/cap/" + id + ".xml").then().statusCode(200);

        List<String> paths = List.of("/", "/departements/22", "/en/departements/22", "/incidents/" + id,
                "/api/v1/notices?territory=22", "/feeds/incidents.atom", "/feeds/incidents.rss?territory=22",
                "/feeds/cap.atom", "/cap/" + id + ".xml",
                // never asked for before the outage: rendered from memory all the same
                "/departements/29", "/communes/22278", "/departements/22/imprimer", "/widget/departements/22");
        try (LogCapture retries = LogCapture.of(IncidentEventConsumer.class, "Cannot apply an incident event yet")) {
            postgres.kill();
            try {
                IncidentSnapshot monitoring = Incidents.snapshot(id, 2, IncidentStatus.MONITORING,
                        "Le 15 répond à nouveau par intermittence", List.of("15"), "department:22");
                publish(IncidentEventType.UPDATED, monitoring);
                // Pages sampled until the update has met the dead database (retried, not skipped) at least twice.
                int rounds = 0;
                while (retries.count().get() < 2) {
                    assertThat(rounds++).as("rounds before the consumer retried twice against the dead database").isLessThan(60);
                    for (String path : paths) {
                        given().get(path).then().statusCode(200);
                    }
                    // The update cannot be persisted: the last known content stays, nothing half-applied.
                    given().get("/departements/22").then()
                            .body(containsString("Le 15 ne répond plus dans les Côtes-d’Armor"))
                            .body(not(containsString("par intermittence")));
                }
                HealthProbes.stayUp("the database is down");
            } finally {
                postgres.restart();
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/departements/22").then()
                .body(containsString("Le 15 répond à nouveau par intermittence")));
        HealthProbes.comeBackUp();
        assertThat(TestDatabase.queryLong("dissemination",
                "select version from incident_view where id = '" + id + "'")).isEqualTo(2);
        assertThat(TestDatabase.queryLong("dissemination",
                "select count(*) from incident_version where id = '" + id + "'")).isEqualTo(2);
    }

    private static void publish(IncidentEventType type, IncidentSnapshot incident) {
        IncidentEvent event = IncidentEvent.of(type, incident, Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }
}
