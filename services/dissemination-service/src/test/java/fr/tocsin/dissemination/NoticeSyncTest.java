package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #16, point 1: a prefecture site that syncs with {@code since} learns of every change — incidents declared,
 * updated, resolved, cancelled or moved away, numbers going live and withdrawn, late events — so replaying only the
 * {@code since} answers holds exactly what a full read of the notices shows, at every step. Events go through Kafka.
 * Hautes-Alpes (05) and Alpes-de-Haute-Provence (04) are this test's own territories.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class NoticeSyncTest {

    private static final String TERRITORY = "department:05";
    private static final List<String> EMERGENCY = List.of("15", "112");

    /** What a prefecture site holds, built only from {@code since} answers. */
    private static final class PrefectureSite {
        final Map<String, Map<String, Object>> incidents = new HashMap<>();
        final Map<String, Map<String, Object>> numbers = new HashMap<>();
        Object lastChange;
        String cursor = "1970-01-01T00:00:00Z";

        JsonPath sync() {
            JsonPath answer = given().queryParam("territory", TERRITORY).queryParam("since", cursor)
                    .get("/api/v1/notices").then().statusCode(200).extract().jsonPath();
            if (answer.getBoolean("full")) {
                incidents.clear();
                numbers.clear();
            }
            answer.<Map<String, Object>>getList("incidents").forEach(i -> incidents.put((String) i.get("id"), i));
            answer.<Map<String, Object>>getList("removedIncidents").forEach(i -> incidents.remove((String) i.get("id")));
            answer.<Map<String, Object>>getList("numbers").forEach(n -> numbers.put((String) n.get("territory"), n));
            answer.<Map<String, Object>>getList("withdrawnNumbers").forEach(n -> numbers.remove((String) n.get("territory")));
            lastChange = answer.get("lastChange");
            cursor = answer.getString("asOf");
            return answer;
        }

        /** Compares with a full read: the same incidents and number sets, field for field. */
        void assertHoldsTheFullNotices() {
            JsonPath full = given().queryParam("territory", TERRITORY).get("/api/v1/notices").then().statusCode(200)
                    .extract().jsonPath();
            Map<String, Map<String, Object>> expectedIncidents = new HashMap<>();
            full.<Map<String, Object>>getList("incidents").forEach(i -> expectedIncidents.put((String) i.get("id"), i));
            Map<String, Map<String, Object>> expectedNumbers = new HashMap<>();
            full.<Map<String, Object>>getList("numbers").forEach(n -> expectedNumbers.put((String) n.get("territory"), n));
            assertThat(incidents).isEqualTo(expectedIncidents);
            assertThat(numbers).isEqualTo(expectedNumbers);
            assertThat(lastChange).isEqualTo(full.get("lastChange"));
        }
    }

    @Test
    void replayingOnlyTheSinceAnswersHoldsExactlyTheFullNotices() {
        PrefectureSite site = new PrefectureSite();
        UUID water = UUID.randomUUID();
        UUID both = UUID.randomUUID();
        UUID moving = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        try {
            // First sync: an old cursor gets the whole state, to replace what the site holds.
            assertThat(site.sync().getBoolean("full")).isTrue();
            site.assertHoldsTheFullNotices();

            // Declared: here alone, here and next door, and one that will move away.
            publish(Incidents.snapshot(water, 1, IncidentStatus.ACTIVE, "Numéros d'urgence injoignables", EMERGENCY, TERRITORY));
            publish(Incidents.snapshot(both, 1, IncidentStatus.ACTIVE, "Mairies injoignables", List.of("mairie"),
                    TERRITORY, "department:04"));
            publish(Incidents.snapshot(moving, 1, IncidentStatus.ACTIVE, "Le 17 injoignable", List.of("17"),
                    "department:04", TERRITORY));
            awaitFull(ids -> ids.containsAll(List.of(water.toString(), both.toString(), moving.toString())), "incidents.id");
            JsonPath declared = site.sync();
            assertThat(declared.getBoolean("full")).isFalse();
            assertThat(declared.<String>getList("incidents.id"))
                    .containsExactlyInAnyOrder(water.toString(), both.toString(), moving.toString());
            site.assertHoldsTheFullNotices();

            // Numbers go live for the department and for Gap (a commune of it).
            publish(numbers("department:05", 1, Instant.now(), "+33353010501"));
            publish(numbers("commune:05061", 1, Instant.now(), "+33353010502"));
            awaitFull(territories -> territories.containsAll(List.of("department:05", "commune:05061")), "numbers.territory");
            assertThat(site.sync().<String>getList("numbers.territory"))
                    .containsExactlyInAnyOrder("department:05", "commune:05061");
            site.assertHoldsTheFullNotices();

            // Updated: only what changed comes back.
            publish(Incidents.snapshot(water, 2, IncidentStatus.MONITORING, "Numéros d'urgence rétablis en partie", EMERGENCY,
                    TERRITORY));
            awaitFull(statuses -> statuses.contains("MONITORING"), "incidents.status");
            JsonPath updated = site.sync();
            assertThat(updated.<String>getList("incidents.id")).containsExactly(water.toString());
            assertThat(updated.<String>getList("numbers")).isEmpty();
            site.assertHoldsTheFullNotices();

            // Resolved and cancelled: they leave the full notices, and the since answer says so with the final status.
            publish(Incidents.snapshot(water, 3, IncidentStatus.RESOLVED, "Numéros d'urgence rétablis", EMERGENCY, TERRITORY));
            publish(Incidents.snapshot(both, 2, IncidentStatus.CANCELLED, "Mairies injoignables", List.of("mairie"),
                    TERRITORY, "department:04"));
            awaitFull(ids -> !ids.contains(water.toString()) && !ids.contains(both.toString()), "incidents.id");
            JsonPath ended = site.sync();
            assertThat(ended.<Map<String, Object>>getList("removedIncidents"))
                    .extracting(i -> i.get("id") + " " + i.get("status"))
                    .containsExactlyInAnyOrder(water + " RESOLVED", both + " CANCELLED");
            site.assertHoldsTheFullNotices();

            // Moved away: still active, but no longer here.
            publish(Incidents.snapshot(moving, 2, IncidentStatus.ACTIVE, "Le 17 injoignable", List.of("17"), "department:04"));
            awaitFull(ids -> !ids.contains(moving.toString()), "incidents.id");
            assertThat(site.sync().<Map<String, Object>>getList("removedIncidents"))
                    .extracting(i -> i.get("id") + " " + i.get("status")).containsExactly(moving + " ACTIVE");
            site.assertHoldsTheFullNotices();

            // The department's numbers withdrawn (an empty set).
            publish(numbers("department:05", 2, Instant.now()));
            awaitFull(territories -> !territories.contains("department:05"), "numbers.territory");
            assertThat(site.sync().<String>getList("withdrawnNumbers.territory")).containsExactly("department:05");
            site.assertHoldsTheFullNotices();

            // Events stamped before the last sync (a late outbox, another clock) are changes all the same.
            Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
            publish(at(Incidents.snapshot(late, 1, IncidentStatus.ACTIVE, "Déclaré il y a une heure", EMERGENCY, TERRITORY),
                    anHourAgo));
            publish(numbers("commune:05061", 2, anHourAgo, "+33353010503"));
            awaitFull(ids -> ids.contains(late.toString()), "incidents.id");
            awaitFull(e164 -> e164.contains("+33353010503"), "numbers.numbers.e164.flatten()");
            JsonPath lateAnswer = site.sync();
            assertThat(lateAnswer.<String>getList("incidents.id")).containsExactly(late.toString());
            assertThat(lateAnswer.<String>getList("numbers.territory")).containsExactly("commune:05061");
            site.assertHoldsTheFullNotices();

            // An older version redelivered, an exercise and a draft change nothing public: the since answer stays
            // empty of them, and the site still holds the full notices. A marker published after them on the same
            // partition proves they were consumed.
            publish(Incidents.snapshot(water, 2, IncidentStatus.MONITORING, "Numéros d'urgence rétablis en partie",
                    EMERGENCY, TERRITORY));
            UUID exercise = UUID.randomUUID();
            UUID draft = UUID.randomUUID();
            publish(Incidents.snapshot(IncidentMode.EXERCISE, exercise, 1, IncidentStatus.ACTIVE, "Exercice", EMERGENCY,
                    TERRITORY));
            publish(Incidents.snapshot(draft, 1, IncidentStatus.DRAFT, "Brouillon", EMERGENCY, TERRITORY));
            UUID marker = UUID.randomUUID();
            publish(Incidents.snapshot(marker, 1, IncidentStatus.ACTIVE, "Marqueur", List.of("mairie"), "department:04"));
            await().atMost(Duration.ofSeconds(30)).until(() -> given().queryParam("territory", "department:04")
                    .get("/api/v1/notices").jsonPath().<String>getList("incidents.id").contains(marker.toString()));
            JsonPath quiet = site.sync();
            assertThat(quiet.<String>getList("incidents.id")).isEmpty();
            assertThat(quiet.<String>getList("removedIncidents.id")).isEmpty();
            site.assertHoldsTheFullNotices();
            publish(Incidents.snapshot(marker, 2, IncidentStatus.RESOLVED, "Marqueur", List.of("mairie"), "department:04"));
            // The draft is later cancelled without ever being released: never in any answer either.
            publish(unreleased(Incidents.snapshot(draft, 2, IncidentStatus.CANCELLED, "Brouillon", EMERGENCY, TERRITORY)));
            publish(Incidents.snapshot(late, 2, IncidentStatus.RESOLVED, "Déclaré il y a une heure", EMERGENCY, TERRITORY));
            awaitFull(ids -> !ids.contains(late.toString()), "incidents.id");
            JsonPath last = site.sync();
            assertThat(last.<String>getList("removedIncidents.id")).containsExactly(late.toString());
            site.assertHoldsTheFullNotices();
        } finally {
            // Leave nothing in force behind for other classes.
            publish(Incidents.snapshot(water, 10, IncidentStatus.RESOLVED, "Fin", EMERGENCY, TERRITORY));
            publish(Incidents.snapshot(both, 10, IncidentStatus.RESOLVED, "Fin", List.of("mairie"), TERRITORY));
            publish(Incidents.snapshot(moving, 10, IncidentStatus.RESOLVED, "Fin", List.of("17"), "department:04"));
            publish(Incidents.snapshot(late, 10, IncidentStatus.RESOLVED, "Fin", EMERGENCY, TERRITORY));
            publish(numbers("department:05", 10, Instant.now()));
            publish(numbers("commune:05061", 10, Instant.now()));
        }
    }

    @Test
    void aSinceFromTheFarPastGetsTheWholeStateAndOneFromTheFutureNothing() {
        // The earliest instant Instant.parse takes, and the latest: an old cursor, and one ahead of every change.
        JsonPath ancient = given().queryParam("territory", TERRITORY).queryParam("since", "-1000000000-01-01T00:00:00Z")
                .get("/api/v1/notices").then().statusCode(200).extract().jsonPath();
        assertThat(ancient.getBoolean("full")).isTrue();
        JsonPath future = given().queryParam("territory", TERRITORY).queryParam("since", "+999999999-12-31T23:59:59Z")
                .get("/api/v1/notices").then().statusCode(200).extract().jsonPath();
        assertThat(future.getBoolean("full")).isFalse();
        assertThat(future.<String>getList("incidents")).isEmpty();
        assertThat(future.<String>getList("numbers")).isEmpty();
    }

    /** Waits until the full notices of the territory show what the step published. */
    private static void awaitFull(Predicate<List<String>> shown, String path) {
        await().atMost(Duration.ofSeconds(30)).until(() -> shown.test(given().queryParam("territory", TERRITORY)
                .get("/api/v1/notices").jsonPath().getList(path, String.class)));
    }

    private static IncidentSnapshot at(IncidentSnapshot i, Instant t) {
        return new IncidentSnapshot(i.id(), i.reference(), i.version(), i.status(), i.mode(), i.category(), i.title(),
                i.description(), i.instructions(), i.services(), i.territories(), i.severity(), i.urgency(), i.certainty(),
                i.authority(), t, t, i.publishedAt() == null ? null : t, i.expectedEndAt(), i.resolvedAt(), t, i.timeline());
    }

    /** Never released: a draft cancelled before approval. */
    private static IncidentSnapshot unreleased(IncidentSnapshot i) {
        return new IncidentSnapshot(i.id(), i.reference(), i.version(), i.status(), i.mode(), i.category(), i.title(),
                i.description(), i.instructions(), i.services(), i.territories(), i.severity(), i.urgency(), i.certainty(),
                i.authority(), i.detectedAt(), i.declaredAt(), null, i.expectedEndAt(), i.resolvedAt(), i.updatedAt(),
                i.timeline());
    }

    /** A live set of fictional numbers (03 53 01 xx xx, reserved by ARCEP for fiction); none: withdrawn. */
    private static LiveNumbersEvent numbers(String territory, long version, Instant occurredAt, String... e164) {
        List<LiveNumber> live = java.util.Arrays.stream(e164).map(n -> new LiveNumber("15", 1, n,
                "03 53 01 " + n.substring(8, 10) + " " + n.substring(10), "Numéro de secours", null, List.of())).toList();
        return new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), occurredAt,
                TerritoryRef.parse(territory), version, live);
    }

    private static void publish(IncidentSnapshot snapshot) {
        IncidentEvent event = IncidentEvent.of(IncidentEventType.UPDATED, snapshot, Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }

    private static void publish(LiveNumbersEvent event) {
        TopicWriter.send(Topics.FALLBACK_NUMBERS, 0, event.key(), EventJson.write(event));
    }
}
