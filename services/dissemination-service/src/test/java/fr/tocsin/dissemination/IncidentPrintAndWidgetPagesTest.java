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
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

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

    /**
     * The widget says what is down, not only the numbers, and both it and the department page say when they were
     * last updated and offer to update: a plain link without JavaScript, a static script on the stream with it
     * (issue #16, points 6 and 7).
     */
    @Test
    void widgetAndDepartmentPageShowWhatIsDownWhenTheyWereUpdatedAndHowToUpdate() {
        UUID id = UUID.randomUUID();
        IncidentSnapshot incident = Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Le 17 ne répond plus dans les Hautes-Alpes",
                List.of("17"), "department:05");
        IncidentEvent event = IncidentEvent.of(IncidentEventType.DECLARED, incident, Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/widget/departements/05").then()
                .statusCode(200)
                .body(containsString("Le 17 ne répond plus dans les Hautes-Alpes"))
                .body(containsString("href=\"http://127.0.0.1:8080/incidents/" + id + "\""))
                .body(containsString("Police secours (17)")));
        given().get("/en/widget/departements/05").then().body(containsString("href=\"http://127.0.0.1:8080/en/incidents/" + id + "\""))
                .body(containsString("Outages in progress")).body(containsString("In progress"));
        for (String path : List.of("/widget/departements/05", "/departements/05", "/en/widget/departements/05")) {
            String html = given().get(path).then().statusCode(200).extract().asString();
            assertThat(html).as(path)
                    .containsPattern("Dernière mise à jour : <time datetime=\"[0-9T:.-]+Z\" data-tocsin-since>\\d{1,2} \\p{L}+ \\d{4} à \\d\\dh\\d\\d</time>|Last updated: <time")
                    .contains("<a class=\"fr-link fr-text--sm\" href=\"" + path + "\">")
                    .contains("data-tocsin-stream=\"/api/v1/notices/stream?territory=05\"")
                    .containsPattern("<script src=\"/static/tocsin-[0-9a-f]{12}/live\\.js\" defer></script>");
            // Within the Content-Security-Policy: no inline script, only the service's own file.
            assertThat(html.replaceAll("<script src=\"[^\"]+\" defer></script>", ""))
                    .doesNotContain("<script");
        }
        String script = given().get("/widget/departements/05").then().extract().asString()
                .replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
        given().get(script).then().statusCode(200).contentType(startsWith("text/javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .body(containsString("new EventSource(stream)"));
        given().get("/api/v1/notices?territory=05").then().statusCode(200).body(containsString(id.toString()));
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
