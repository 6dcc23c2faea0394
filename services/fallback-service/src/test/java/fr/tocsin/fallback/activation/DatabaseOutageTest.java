package fr.tocsin.fallback.activation;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.localstack.PostgresServer;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.LogCapture;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An incident event that arrives while the database is dead waits for it: the numbers are withdrawn once the
 * database is back, and the consumer goes on with the next events. (A consumer that gave up on the first failure
 * would stop the channel for good and leave the numbers of an ended incident live — FaultInjectionIT found it.)
 * Meanwhile the authority API is out of rotation (readiness follows its database) but not restarted (liveness does
 * not), and back in rotation once the database is (#17).
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class DatabaseOutageTest {

    @Test
    void anEventThatArrivesWhileTheDatabaseIsDeadIsAppliedOnceItIsBack() throws Exception {
        assumeTrue(TestStack.get().embeddedPostgres().isPresent(), "needs the embedded database server to kill it");
        PostgresServer postgres = TestStack.get().embeddedPostgres().get();
        TestDatabase.execute("fallback", "truncate fallback_number, live_numbers, live_numbers_history, incident_state");
        // ARCEP's fiction range: nobody real is ever called.
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType(ContentType.JSON)
                .body(Map.of("territory", "department:22", "service", "15", "number", "02 61 91 00 22", "label", "SAMU 22"))
                .post("/api/v1/fallback-numbers").then().statusCode(201);
        UUID incident = UUID.randomUUID();
        publish(incident, 1, IncidentStatus.ACTIVE);
        awaitLiveIn22(List.of("+33261910022"));

        // The consumer's retries are what this test is about: it must meet the dead database, not find it back.
        try (LogCapture retries = LogCapture.of(IncidentEventConsumer.class, "Cannot apply an incident event yet")) {
            postgres.kill();
            try {
                publish(incident, 2, IncidentStatus.RESOLVED);
                // Delivered while the database is down, and retried more than once rather than skipped or nacked.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAtomic(retries.count(),
                        greaterThanOrEqualTo(2));
                await("readiness DOWN without the database").atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                                .body(containsString("DOWN")));
                await("liveness stays UP without the database").during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> given().get("/q/health/live").then().statusCode(200));
            } finally {
                postgres.restart();
            }
        }
        await("readiness UP again with the database").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        awaitLiveIn22(List.of());
        assertThat(TestDatabase.queryLong("fallback", "select count(*) from live_numbers_history where territory = ?",
                "department:22")).as("activated, then withdrawn: two versions").isEqualTo(2);

        // The channel still consumes: the next incident activates the numbers again.
        publish(UUID.randomUUID(), 1, IncidentStatus.ACTIVE);
        awaitLiveIn22(List.of("+33261910022"));
    }

    private static void publish(UUID id, long version, IncidentStatus status) {
        IncidentEvent event = IncidentEvent.of(IncidentEventType.UPDATED,
                Incidents.snapshot(IncidentMode.ACTUAL, id, version, status, "Panne du 15", List.of("15"), "department:22"),
                Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }

    private static void awaitLiveIn22(List<String> numbers) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
                given().queryParam("territory", "22").get("/api/v1/live-numbers").then().statusCode(200)
                        .body(numbers.isEmpty() ? "size()" : "[0].numbers.e164", numbers.isEmpty() ? equalTo(0) : equalTo(numbers)));
    }
}
