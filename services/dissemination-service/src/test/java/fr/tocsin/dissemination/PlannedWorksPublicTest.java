package fr.tocsin.dissemination;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.io.SyndFeedInput;
import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.cap.CapAlert;
import fr.tocsin.contracts.cap.CapInfo;
import fr.tocsin.contracts.cap.CapXml;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue #22 on the public side: planned works are announced ahead apart from what is in force (pages, notices
 * with include=upcoming, feeds, a CAP Alert with onset and expires), say nothing of an outage before they begin,
 * and become an incident in force, with its live numbers, only when incident-service and fallback-service say so.
 * Lozère (48) is this test's own department.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class PlannedWorksPublicTest {

    private static final String TITLE = "Travaux programmés sur l’acheminement des appels d’urgence";
    private static final String NUMBER = "+33465710048";

    private final Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2)).plus(Duration.ofHours(1));
    private final Instant end = start.plus(Duration.ofHours(2));

    @Test
    void upcomingThenInForceThenOver() throws Exception {
        UUID id = UUID.randomUUID();
        publish(Incidents.planned(id, 1, IncidentStatus.SCHEDULED, TITLE, start, end, List.of("15", "112"), "department:48"));

        // Announced: upcoming, apart, on request only in the notices; not in force; no number.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("territory", "48")
                .queryParam("include", "upcoming").get("/api/v1/notices").then().statusCode(200)
                .body("upcoming.id", hasItem(id.toString()))
                .body("upcoming.find { it.id == '" + id + "' }.status", org.hamcrest.Matchers.equalTo("SCHEDULED"))
                .body("upcoming.find { it.id == '" + id + "' }.plannedStartAt", org.hamcrest.Matchers.equalTo(start.toString()))
                .body("incidents.id", not(hasItem(id.toString())))
                .body("numbers.numbers.e164.flatten()", not(hasItem(NUMBER))));
        given().queryParam("territory", "48").get("/api/v1/notices").then().statusCode(200)
                .body("upcoming", nullValue()).body("incidents.id", not(hasItem(id.toString())));
        given().queryParam("territory", "48").queryParam("include", "everything").get("/api/v1/notices").then()
                .statusCode(400).contentType(startsWith("application/problem+json"));

        String page = given().get("/departements/48").then().statusCode(200).extract().asString();
        // Other tests' national incidents may be in force here too: only this incident's place is this test's.
        assertThat(page).contains("Travaux programmés", TITLE);
        assertThat(page.substring(0, page.indexOf("id=\"upcoming\""))).doesNotContain(id.toString());
        String english = given().get("/en/departements/48").then().statusCode(200).extract().asString();
        assertThat(english).contains("Planned works");
        String national = given().get("/").then().statusCode(200).extract().asString();
        assertThat(national).contains("id=\"upcoming\"", id.toString());
        // The national page also lists other tests' incidents in force: only its planned works section is this test's.
        String commune = given().get("/communes/48095").then().statusCode(200).extract().asString();
        for (String html : List.of(page, english, national, commune)) {
            html = html.substring(html.indexOf("id=\"upcoming\""));
            assertThat(html.toLowerCase(java.util.Locale.ROOT)).doesNotContain("injoignable").doesNotContain("unreachable");
        }
        assertThat(given().get("/communes/48095").then().extract().asString()).contains("id=\"upcoming\"", id.toString());

        SyndEntry entry = entry("/feeds/incidents.atom?territory=48", id);
        assertThat(entry.getTitle()).isEqualTo("[Travaux programmés] " + TITLE);

        CapAlert alert = cap(id);
        assertThat(alert.msgType).isEqualTo("Alert");
        CapInfo info = alert.infos.getFirst();
        assertThat(info.urgency).isEqualTo("Future");
        assertThat(info.responseTypes).containsExactly("Prepare");
        assertThat(info.onset.toInstant()).isEqualTo(start);
        assertThat(info.expires.toInstant()).isEqualTo(end);

        // 02:00: incident-service puts it in force, fallback-service makes the numbers live.
        publish(Incidents.planned(id, 2, IncidentStatus.ACTIVE, TITLE, start, end, List.of("15", "112"), "department:48"));
        numbers(1, List.of(new LiveNumber("15", 1, NUMBER, "04 65 71 00 48", "SAMU de la Lozère", null, List.of(id))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("territory", "48")
                .queryParam("include", "upcoming").get("/api/v1/notices").then().statusCode(200)
                .body("incidents.id", hasItem(id.toString()))
                .body("upcoming.id", not(hasItem(id.toString())))
                .body("numbers.numbers.e164.flatten()", hasItem(NUMBER)));
        assertThat(given().get("/departements/48").then().extract().asString()).contains("04 65 71 00 48")
                .doesNotContain("id=\"upcoming\"");
        CapAlert started = cap(id);
        assertThat(started.msgType).isEqualTo("Update");
        assertThat(started.infos.getFirst().onset.toInstant()).isEqualTo(start);

        // 04:00: both end.
        publish(Incidents.planned(id, 3, IncidentStatus.RESOLVED, TITLE, start, end, List.of("15", "112"), "department:48"));
        numbers(2, List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("territory", "48")
                .queryParam("include", "upcoming").get("/api/v1/notices").then().statusCode(200)
                .body("incidents.id", not(hasItem(id.toString())))
                .body("upcoming.id", not(hasItem(id.toString())))
                .body("numbers.numbers.e164.flatten()", not(hasItem(NUMBER))));
        assertThat(cap(id).infos.getFirst().responseTypes).containsExactly("AllClear");
    }

    /** The incident's current CAP message, valid against the OASIS CAP 1.2 schema. */
    private static CapAlert cap(UUID id) {
        String xml = given().get("/cap/" + id + ".xml").then().statusCode(200)
                .contentType(startsWith("application/cap+xml")).extract().asString();
        CapXml.validate(xml);
        return CapXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static SyndEntry entry(String path, UUID id) throws Exception {
        String xml = given().get(path).then().statusCode(200).extract().asString();
        return new SyndFeedInput().build(new StringReader(xml)).getEntries().stream()
                .filter(e -> ("urn:uuid:" + id).equals(e.getUri())).findFirst().orElseThrow();
    }

    private static void publish(IncidentSnapshot snapshot) {
        IncidentEvent event = IncidentEvent.of(IncidentEventType.UPDATED, snapshot, Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }

    private static void numbers(long version, List<LiveNumber> live) {
        LiveNumbersEvent event = new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                TerritoryRef.department("48"), version, live);
        TopicWriter.send(Topics.FALLBACK_NUMBERS, 0, event.key(), EventJson.write(event));
    }
}
