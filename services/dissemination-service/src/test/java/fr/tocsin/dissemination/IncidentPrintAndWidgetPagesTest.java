package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.TimelineEntry;
import fr.tocsin.contracts.territory.TerritoryRef;
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
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class IncidentPrintAndWidgetPagesTest {

    @Test
    void incidentPageShowsTheTimeline() {
        UUID id = UUID.randomUUID();
        IncidentSnapshot base = Incidents.snapshot(id, 2, IncidentStatus.MONITORING, "Panne du 18 dans l’Oise", List.of("18"),
                "department:60");
        IncidentSnapshot withTimeline = new IncidentSnapshot(base.id(), base.reference(), base.version(), base.status(),
                base.mode(), base.category(), base.title(), base.description(), base.instructions(), base.services(),
                base.territories(), base.severity(), base.urgency(), base.certainty(), base.authority(), base.detectedAt(),
                base.declaredAt(), base.publishedAt(), base.expectedEndAt(), base.resolvedAt(), base.updatedAt(), List.of(
                new TimelineEntry(Instant.now(), "Préfet", LocalizedText.fr("Incident déclaré"), IncidentStatus.ACTIVE),
                new TimelineEntry(Instant.now(), "Préfet", LocalizedText.fr("Le 18 répond à nouveau <b>par moments</b>"),
                        IncidentStatus.MONITORING)));
        IncidentEvent event = IncidentEvent.of(IncidentEventType.UPDATED, withTimeline, Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/incidents/" + id).then().statusCode(200)
                .body(containsString("En cours, sous surveillance"))
                .body(containsString("Le 18 répond à nouveau &lt;b&gt;par moments&lt;/b&gt;"))
                .body(containsString("Oise")));
        given().get("/departements/60").then().body(containsString("href=\"/incidents/" + id + "\""));
        given().get("/incidents/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void printableAndWidgetCarryTheLiveNumbers() {
        // 04 65 71 xx xx: a range ARCEP reserves for fiction.
        LiveNumbersEvent numbers = new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(),
                Instant.now(), TerritoryRef.department("13"), System.currentTimeMillis(), List.of(new LiveNumber("18", 1,
                "+33465710013", "04 65 71 00 13", "Pompiers des Bouches-du-Rhône", null, List.of())));
        TopicWriter.send(Topics.FALLBACK_NUMBERS, 0, numbers.key(), EventJson.write(numbers));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/departements/13/imprimer").then()
                .statusCode(200).body(containsString("href=\"tel:+33465710013\">04 65 71 00 13</a>"))
                .body(containsString("<body class=\"tocsin-print\">"))
                .body(containsString("Pompiers (18)")));
        given().get("/widget/departements/13").then().statusCode(200)
                .body(containsString("<a class=\"tel\" href=\"tel:+33465710013\" target=\"_top\">04 65 71 00 13</a>"))
                .body(containsString("Numéros de secours en vigueur — Bouches-du-Rhône"));
        given().get("/en/widget/departements/13").then().statusCode(200)
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("Fire brigade (18)"))
                .body(containsString("href=\"http://127.0.0.1:8080/en/departements/13\""));
        given().get("/widget/departements/999").then().statusCode(404);
    }
}
