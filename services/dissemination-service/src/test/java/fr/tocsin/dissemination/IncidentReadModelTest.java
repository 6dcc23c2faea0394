package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.TestDatabase;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class IncidentReadModelTest {

    private static final List<String> EMERGENCY = List.of("15", "17", "18", "112");

    @Test
    void incidentFromKafkaIsServedPersistedAndOnlyNewerVersionsApply() throws Exception {
        UUID id = UUID.randomUUID();
        publish(Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Panne des numéros d'urgence", EMERGENCY, "department:59"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/notices?territory=59").then().statusCode(200)
                        .body("incidents.id", hasItem(id.toString())));

        // A regional incident covers its departments; a department outside the region does not see it.
        given().get("/api/v1/notices?territory=region:32").then().body("incidents.id", hasItem(id.toString()));
        given().get("/api/v1/notices?territory=14").then().body("incidents.id", not(hasItem(id.toString())));

        publish(Incidents.snapshot(id, 2, IncidentStatus.RESOLVED, "Panne des numéros d'urgence", EMERGENCY, "department:59"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/notices?territory=59").then().body("incidents.id", not(hasItem(id.toString()))));

        // A redelivered older version must not bring the incident back. A marker event published after it
        // proves the consumer has processed the stale one by the time we look.
        publish(Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Panne des numéros d'urgence", EMERGENCY, "department:59"));
        UUID marker = UUID.randomUUID();
        publish(Incidents.snapshot(marker, 1, IncidentStatus.ACTIVE, "Marqueur", List.of("mairie"), "commune:59350"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/notices?territory=59").then().body("incidents.id", hasItem(marker.toString())));
        given().get("/api/v1/notices?territory=59").then().body("incidents.id", not(hasItem(id.toString())));

        assertThat(TestDatabase.firstRow("dissemination",
                "select version, snapshot->>'status' from incident_view where id = ?", id)).contains("2 RESOLVED");
    }

    @Test
    void departmentPageShowsTheIncidentWithItsTitleEscaped() {
        UUID id = UUID.randomUUID();
        publish(Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "<script>alert(1)</script> Urgences", EMERGENCY, "FR"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/departements/62").then().statusCode(200)
                        .contentType(startsWith("text/html"))
                        .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt; Urgences"))
                        .body(not(containsString("<script>alert(1)"))));
        given().get("/").then().statusCode(200).body(containsString("&lt;script&gt;alert(1)&lt;/script&gt; Urgences"));
    }

    @Test
    void unknownTerritoryIsAProblemNamingTheParameter() {
        given().get("/api/v1/notices?territory=department:00").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("territory"));
        given().get("/departements/00").then().statusCode(404);
    }

    private static void publish(IncidentSnapshot snapshot) {
        IncidentEvent event = IncidentEvent.of(IncidentEventType.UPDATED, snapshot, Instant.now());
        // One partition for all, so that ordering across incidents is deterministic in these tests.
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }
}
