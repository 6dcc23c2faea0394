package fr.tocsin.fallback.activation;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicReader;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Standby numbers go live with the incidents that need them and are withdrawn when the last one ends. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class FallbackActivationTest {

    // ARCEP's fiction ranges only: nobody real is ever called.
    private static final Map<String, String> SAMU = Map.of("59", "03 53 01 00 59", "62", "03 53 01 00 62",
            "80", "03 53 01 00 80", "14", "02 61 91 00 14");

    @BeforeEach
    void directory() {
        TestDatabase.execute("fallback", "truncate fallback_number, live_numbers, live_numbers_history, incident_state");
        SAMU.forEach((department, number) -> register("department:" + department, "15", number, "SAMU " + department));
        register("department:59", "17", "03 53 01 01 17", "Police Nord");
        register("department:59", "112", "03 53 01 01 12", "Urgences européennes Nord");
        register("commune:14118", "mairie", "02 61 91 41 18", "Mairie de Caen — standard de crise");
    }

    @Test
    void departmentRegionalAndNationalScopes() {
        UUID nord = UUID.randomUUID();
        publish(nord, 1, IncidentStatus.ACTIVE, IncidentMode.ACTUAL, List.of("15"), "department:59");
        awaitLive(Map.of("department:59", List.of("+33353010059")));

        UUID hautsDeFrance = UUID.randomUUID();
        publish(hautsDeFrance, 1, IncidentStatus.ACTIVE, IncidentMode.ACTUAL, List.of("15"), "region:32");
        awaitLive(Map.of("department:59", List.of("+33353010059"), "department:62", List.of("+33353010062"),
                "department:80", List.of("+33353010080")));

        UUID france = UUID.randomUUID();
        publish(france, 1, IncidentStatus.ACTIVE, IncidentMode.ACTUAL, List.of("15", "17", "112"), "FR");
        // In the order citizens look for them: 15, 17, then 112.
        awaitLive(Map.of("department:59", List.of("+33353010059", "+33353010117", "+33353010112"), "department:62", List.of("+33353010062"),
                "department:80", List.of("+33353010080"), "department:14", List.of("+33261910014")));

        // Overlapping incidents: a number stays live while any incident still needs it.
        publish(france, 2, IncidentStatus.RESOLVED, IncidentMode.ACTUAL, List.of("15", "17", "112"), "FR");
        awaitLive(Map.of("department:59", List.of("+33353010059"), "department:62", List.of("+33353010062"),
                "department:80", List.of("+33353010080")));
        publish(hautsDeFrance, 2, IncidentStatus.CANCELLED, IncidentMode.ACTUAL, List.of("15"), "region:32");
        awaitLive(Map.of("department:59", List.of("+33353010059")));
        publish(nord, 2, IncidentStatus.RESOLVED, IncidentMode.ACTUAL, List.of("15"), "department:59");
        awaitLive(Map.of());

        // A late, older version of an incident does not bring its numbers back; the marker behind it on the
        // same partition shows it was consumed.
        publish(nord, 1, IncidentStatus.ACTIVE, IncidentMode.ACTUAL, List.of("15"), "department:59");
        publish(UUID.randomUUID(), 1, IncidentStatus.ACTIVE, IncidentMode.ACTUAL, List.of("mairie"), "commune:14118");
        awaitLive(Map.of("commune:14118", List.of("+33261914118")));
    }

    @Test
    void exercisesAndDraftsNeverPublishRealNumbers() {
        publish(UUID.randomUUID(), 1, IncidentStatus.ACTIVE, IncidentMode.EXERCISE, List.of("15"), "FR");
        publish(UUID.randomUUID(), 1, IncidentStatus.DRAFT, IncidentMode.ACTUAL, List.of("15"), "FR");
        UUID marker = UUID.randomUUID();
        publish(marker, 1, IncidentStatus.ACTIVE, IncidentMode.ACTUAL, List.of("mairie"), "commune:14118");
        awaitLive(Map.of("commune:14118", List.of("+33261914118")));
    }

    /**
     * Issue #22: planned works announced ahead (SCHEDULED) make no number live; incident-service puts them in force
     * at their start (ACTIVE), and resolves them at their end: the numbers follow, as for any incident.
     */
    @Test
    void plannedWorksMakeNumbersLiveAtTheirStartNotBeforeAndWithdrawThemAtTheirEnd() {
        UUID works = UUID.randomUUID();
        Instant start = Instant.now().plus(Duration.ofDays(1));
        Instant end = start.plus(Duration.ofHours(2));
        send(Incidents.planned(works, 1, IncidentStatus.SCHEDULED, "Travaux", start, end, List.of("15"), "department:59"));
        // The marker behind it on the same partition shows the plan was consumed, and left nothing live.
        publish(UUID.randomUUID(), 1, IncidentStatus.ACTIVE, IncidentMode.ACTUAL, List.of("mairie"), "commune:14118");
        awaitLive(Map.of("commune:14118", List.of("+33261914118")));
        assertThat(TestDatabase.queryLong("fallback", "select count(*) from incident_state where id = ? and status = 'SCHEDULED'",
                works)).isEqualTo(1);

        send(Incidents.planned(works, 2, IncidentStatus.ACTIVE, "Travaux", start, end, List.of("15"), "department:59"));
        awaitLive(Map.of("commune:14118", List.of("+33261914118"), "department:59", List.of("+33353010059")));
        send(Incidents.planned(works, 3, IncidentStatus.RESOLVED, "Travaux", start, end, List.of("15"), "department:59"));
        awaitLive(Map.of("commune:14118", List.of("+33261914118")));
    }

    @Test
    void liveSetsArePublishedOnKafkaWithGrowingVersionsAndKeptInHistory() throws Exception {
        Instant before = Instant.now();
        UUID incident = UUID.randomUUID();
        publish(incident, 1, IncidentStatus.ACTIVE, IncidentMode.ACTUAL, List.of("15"), "department:62");
        awaitLive(Map.of("department:62", List.of("+33353010062")));
        Instant during = Instant.now();
        publish(incident, 2, IncidentStatus.RESOLVED, IncidentMode.ACTUAL, List.of("15"), "department:62");
        awaitLive(Map.of());

        var records = TopicReader.readUntil(Topics.FALLBACK_NUMBERS, Duration.ofSeconds(30), read -> read.stream()
                .filter(r -> "department:62".equals(r.key()))
                .map(r -> EventJson.read(r.value(), LiveNumbersEvent.class))
                .anyMatch(e -> e.occurredAt().isAfter(before) && e.numbers().isEmpty()));
        List<LiveNumbersEvent> events = records.stream().filter(r -> "department:62".equals(r.key()))
                .map(r -> EventJson.read(r.value(), LiveNumbersEvent.class))
                .filter(e -> e.occurredAt().isAfter(before)).toList();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).version()).isEqualTo(events.get(0).version() + 1);
        assertThat(events.get(0).numbers().getFirst().national()).isEqualTo("03 53 01 00 62");
        assertThat(events.get(0).numbers().getFirst().incidents()).containsExactly(incident);

        given().queryParam("territory", "62").queryParam("at", during.toString()).get("/api/v1/live-numbers")
                .then().statusCode(200).body("[0].numbers[0].e164", equalTo("+33353010062"));
        given().queryParam("territory", "62").queryParam("at", before.toString()).get("/api/v1/live-numbers")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aNumberPublishedByHandIsLiveWithoutAnIncident() {
        String id = given().header("Authorization", Tokens.bearer(Tokens.mayor("14118")))
                .queryParam("territory", "commune:14118").get("/api/v1/fallback-numbers")
                .then().statusCode(200).extract().path("[0].id");
        given().header("Authorization", Tokens.bearer(Tokens.mayor("14118"))).post("/api/v1/fallback-numbers/" + id + "/publish")
                .then().statusCode(200).body("state", equalTo("PUBLISHED"));
        awaitLive(Map.of("commune:14118", List.of("+33261914118")));
        given().header("Authorization", Tokens.bearer(Tokens.mayor("14118"))).post("/api/v1/fallback-numbers/" + id + "/withdraw")
                .then().statusCode(200).body("state", equalTo("STANDBY"));
        awaitLive(Map.of());
    }

    @Test
    void eachAuthorityManagesOnlyItsOwnTerritory() {
        create(Tokens.prefecture("59"), "department:62", "15", "03 53 01 00 99").statusCode(403)
                .contentType(startsWith("application/problem+json"));
        create(Tokens.mayor("14118"), "department:14", "15", "03 53 01 00 98").statusCode(403);
        create(Tokens.mayor("14118"), "commune:76540", "mairie", "03 53 01 00 97").statusCode(403);
        create(Tokens.operator("Réseau", "department:59"), "department:59", "15", "03 53 01 00 96").statusCode(403);
        create(Tokens.prefecture("59"), "commune:59350", "mairie", "03 53 01 00 95").statusCode(201);
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/fallback-numbers").then().statusCode(401);
        // Each sees only its own part of the directory.
        given().header("Authorization", Tokens.bearer(Tokens.prefecture("62"))).get("/api/v1/fallback-numbers")
                .then().statusCode(200).body("territory", equalTo(List.of("department:62")));
    }

    @Test
    void badNumbersAndTerritoriesAreProblemsNamingTheField() {
        create(Tokens.ministry(), "department:59", "15", "15").statusCode(400)
                .body("errors[0].field", equalTo("number")).body("errors[0].message", containsString("numéro court"));
        create(Tokens.ministry(), "department:59", "15", "08 99 23 45 67").statusCode(400)
                .body("errors[0].message", containsString("surtaxé"));
        create(Tokens.ministry(), "region:32", "15", "03 53 01 00 94").statusCode(400)
                .body("errors[0].field", equalTo("territory"));
        create(Tokens.ministry(), "department:00", "15", "03 53 01 00 94").statusCode(400)
                .body("errors[0].field", equalTo("territory"));
        assertThat(TestDatabase.queryLong("fallback", "select count(*) from fallback_number where e164 = ?",
                "+33353010094")).isZero();
    }

    private static io.restassured.response.ValidatableResponse create(String token, String territory, String service,
                                                                       String number) {
        return given().header("Authorization", Tokens.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("territory", territory, "service", service, "number", number, "label", "Secours"))
                .post("/api/v1/fallback-numbers").then();
    }

    private static void register(String territory, String service, String number, String label) {
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType(ContentType.JSON)
                .body(Map.of("territory", territory, "service", service, "number", number, "label", label,
                        "verifiedOn", "2026-11-01"))
                .post("/api/v1/fallback-numbers").then().statusCode(201);
    }

    private static void publish(UUID id, long version, IncidentStatus status, IncidentMode mode, List<String> services,
                                String... territories) {
        send(Incidents.snapshot(mode, id, version, status, "Panne", services, territories));
    }

    private static void send(fr.tocsin.contracts.incident.IncidentSnapshot incident) {
        IncidentEvent event = IncidentEvent.of(IncidentEventType.UPDATED, incident, Instant.now());
        // One partition: events of different incidents are consumed in the order sent.
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }

    /** Waits until exactly these territories have exactly these live numbers (E.164, in order). */
    private static void awaitLive(Map<String, List<String>> expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<Map<String, Object>> sets = given().get("/api/v1/live-numbers").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            Map<String, List<String>> live = new TreeMap<>();
            for (Map<String, Object> set : sets) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> numbers = (List<Map<String, Object>>) set.get("numbers");
                live.put((String) set.get("territory"), numbers.stream().map(n -> (String) n.get("e164"))
                        .collect(Collectors.toList()));
            }
            assertThat(live).isEqualTo(new TreeMap<>(expected));
        });
    }
}
