package fr.tocsin.incident.schedule;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.incident.MovableClock;
import fr.tocsin.incident.cap.CapIngestionTest;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.as;
import static fr.tocsin.incident.IncidentApi.declare;
import static fr.tocsin.incident.IncidentApi.etag;
import static fr.tocsin.incident.IncidentApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue #22: planned works announced ahead, put in force at their start and resolved at their end by the
 * scheduler, with a clock the test moves. The sweep runs when the test calls it ({@code tocsin.schedule.sweep-interval}
 * is off in tests), so nothing depends on timing.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class PlannedWorksTest {

    private static final String SCHEDULER = "Programmation automatique (Tocsin)";

    @Inject
    MovableClock clock;

    @Inject
    PlannedTransitions transitions;

    private final String prefect = Tokens.prefecture("59");

    /** Tuesday 02:00 UTC, a few days ahead: what the works are planned for. */
    private final Instant twoAm = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(3)).plus(Duration.ofHours(2));
    private final Instant fourAm = twoAm.plus(Duration.ofHours(2));
    /** The day before, at noon: when they are announced. */
    private final Instant dayBefore = twoAm.minus(Duration.ofHours(14));

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void announcedAheadInForceAtTheStartResolvedAtTheEndOnceEach() {
        clock.moveTo(dayBefore);
        String id = plan(prefect, "59").statusCode(201)
                .body("status", equalTo("SCHEDULED"))
                .body("urgency", equalTo("FUTURE"))
                .body("plannedStartAt", equalTo(twoAm.toString()))
                .body("plannedEndAt", equalTo(fourAm.toString()))
                .body("expectedEndAt", equalTo(fourAm.toString()))
                .body("publishedAt", startsWith(dayBefore.toString().substring(0, 13)))
                .body("timeline[0].message.fr", equalTo("Travaux programmés annoncés"))
                .extract().path("id");

        transitions.applyDue();
        clock.moveTo(twoAm.minusSeconds(1));
        transitions.applyDue();
        incident(id).body("status", equalTo("SCHEDULED")).body("version", equalTo(1));

        clock.moveTo(twoAm);
        transitions.applyDue();
        incident(id).body("status", equalTo("ACTIVE")).body("version", equalTo(2))
                .body("urgency", equalTo("IMMEDIATE"))
                .body("timeline[1].author", equalTo(SCHEDULER))
                .body("timeline[1].message.fr", equalTo("Début des travaux programmés"));
        transitions.applyDue();
        incident(id).body("version", equalTo(2));

        clock.moveTo(fourAm.plusMillis(1));
        transitions.applyDue();
        transitions.applyDue();
        incident(id).body("status", equalTo("RESOLVED")).body("version", equalTo(3))
                .body("timeline[2].author", equalTo(SCHEDULER))
                .body("timeline[2].message.fr", equalTo("Fin des travaux programmés"));

        assertThat(audited(id)).containsExactly("DECLARE person", "SCHEDULED_START tocsin-scheduler",
                "SCHEDULED_END tocsin-scheduler");
        // One event per version, in order: what fallback-service and the public side act on.
        assertThat(events(id, 3)).isEqualTo(Map.of(1L, List.of("SCHEDULED"), 2L, List.of("ACTIVE"), 3L, List.of("RESOLVED")));
    }

    @Test
    void aServiceDownAtTheStartCatchesUpOnceWhenItComesBack() {
        clock.moveTo(dayBefore);
        String id = plan(prefect, "59").statusCode(201).extract().path("id");
        // Down from before 02:00 to 02:30: no sweep ran. The scheduler holds nothing in memory, so the first sweep of
        // the restarted service is all it takes; a second one (another restart, the next tick) finds nothing due.
        clock.moveTo(twoAm.plus(Duration.ofMinutes(30)));
        transitions.applyDue();
        transitions.applyDue();
        incident(id).body("status", equalTo("ACTIVE")).body("version", equalTo(2));

        // Down across the whole window: never put in force for a moment, resolved at once, once.
        clock.moveTo(dayBefore);
        String missed = plan(prefect, "59").statusCode(201).extract().path("id");
        clock.moveTo(fourAm.plus(Duration.ofHours(1)));
        transitions.applyDue();
        transitions.applyDue();
        incident(missed).body("status", equalTo("RESOLVED")).body("version", equalTo(2))
                .body("timeline.status", equalTo(List.of("SCHEDULED", "RESOLVED")));
        incident(id).body("status", equalTo("RESOLVED")).body("version", equalTo(3));
        assertThat(events(missed, 2)).isEqualTo(Map.of(1L, List.of("SCHEDULED"), 2L, List.of("RESOLVED")));
    }

    @Test
    void twoReplicasNeverBothFire() throws Exception {
        clock.moveTo(dayBefore);
        String held = plan(prefect, "59").statusCode(201).extract().path("id");
        clock.moveTo(twoAm);
        // Replica A is in the middle of the transition (it holds the row): replica B's sweep skips it, without waiting.
        try (Connection replicaA = TestDatabase.connect("incident")) {
            replicaA.setAutoCommit(false);
            try (var lock = replicaA.prepareStatement("select id from incident where id = ?::uuid for update")) {
                lock.setString(1, held);
                lock.executeQuery().close();
            }
            transitions.applyDue();
            incident(held).body("status", equalTo("SCHEDULED")).body("version", equalTo(1));
            replicaA.rollback();
        }
        transitions.applyDue();
        incident(held).body("status", equalTo("ACTIVE")).body("version", equalTo(2));

        // Four sweeps at once, as four replicas would run them, over twenty works due: each started exactly once.
        clock.moveTo(dayBefore);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(plan(prefect, "59").statusCode(201).extract().path("id"));
        }
        clock.moveTo(twoAm.plusSeconds(1));
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> sweeps = List.of(transitions::applyDue, transitions::applyDue,
                    transitions::applyDue, transitions::applyDue);
            for (Future<Integer> sweep : replicas.invokeAll(sweeps)) {
                sweep.get();
            }
        } finally {
            replicas.shutdownNow();
        }
        for (String id : ids) {
            incident(id).body("status", equalTo("ACTIVE")).body("version", equalTo(2));
            assertThat(audited(id)).as(id).containsExactly("DECLARE person", "SCHEDULED_START tocsin-scheduler");
        }
        Map<Long, List<String>> last = events(ids.getLast(), 2);
        assertThat(last.get(2L)).as("one event for the start").containsExactly("ACTIVE");
    }

    @Test
    void aPersonsChangeWinsOverTheScheduler() {
        clock.moveTo(dayBefore);
        String cancelled = plan(prefect, "59").statusCode(201).extract().path("id");
        String resolvedEarly = plan(prefect, "59").statusCode(201).extract().path("id");
        // Planned works not begun are cancelled, not resolved.
        post(prefect, resolvedEarly, "resolve", etag(prefect, resolvedEarly), null).statusCode(409);
        post(prefect, cancelled, "cancel", etag(prefect, cancelled), "{\"message\": {\"fr\": \"Travaux reportés.\"}}")
                .statusCode(200).body("status", equalTo("CANCELLED"));

        clock.moveTo(twoAm);
        transitions.applyDue();
        incident(cancelled).body("status", equalTo("CANCELLED")).body("version", equalTo(2));
        incident(resolvedEarly).body("status", equalTo("ACTIVE")).body("version", equalTo(2));
        // A person's update stays (the end still comes); a stale If-Match from before the start is refused.
        post(prefect, resolvedEarly, "updates", "\"1\"", "{\"message\": {\"fr\": \"Trop tard.\"}}").statusCode(412);
        clock.moveTo(twoAm.plus(Duration.ofHours(1)));
        post(prefect, resolvedEarly, "resolve", "\"2\"", "{\"message\": {\"fr\": \"Travaux terminés en avance.\"}}")
                .statusCode(200).body("status", equalTo("RESOLVED"));
        clock.moveTo(fourAm.plusSeconds(1));
        transitions.applyDue();
        incident(resolvedEarly).body("status", equalTo("RESOLVED")).body("version", equalTo(3))
                .body("timeline[2].message.fr", equalTo("Travaux terminés en avance."));
    }

    @Test
    void anOperatorsPlanWaitsForThePrefecturesApproval() {
        String operator = Tokens.operator("Réseau Nord", "department:59");
        clock.moveTo(dayBefore);
        String id = plan(operator, "59").statusCode(201).body("status", equalTo("DRAFT")).extract().path("id");
        clock.moveTo(twoAm);
        transitions.applyDue();
        incident(id).body("status", equalTo("DRAFT")).body("version", equalTo(1));
        clock.moveTo(dayBefore.plus(Duration.ofHours(1)));
        post(operator, id, "approve", "\"1\"", null).statusCode(403);
        post(prefect, id, "approve", "\"1\"", null).statusCode(200).body("status", equalTo("SCHEDULED"))
                .body("timeline[1].message.fr", equalTo("Travaux programmés approuvés et annoncés"));
        clock.moveTo(twoAm);
        transitions.applyDue();
        incident(id).body("status", equalTo("ACTIVE")).body("version", equalTo(3));

        // Approved only after the planned end: nothing to announce any more.
        clock.moveTo(dayBefore);
        String late = plan(operator, "59").statusCode(201).extract().path("id");
        clock.moveTo(fourAm);
        post(prefect, late, "approve", "\"1\"", null).statusCode(409);
    }

    @Test
    void templatesForTheCommonCasesSayNothingIsDown() {
        as(Tokens.mayor("59350")).get("/api/v1/templates").then().statusCode(200)
                .body("id", hasItem("operator-maintenance-emergency-routing"))
                .body("id", hasItem("town-hall-phone-migration"))
                .body("find { it.id == 'town-hall-phone-migration' }.title.en", equalTo("Town hall telephone system migration"))
                .body("findAll { it.category == 'planned-works' }.title.fr.join(' ')",
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsStringIgnoringCase("injoignable")));
        clock.moveTo(dayBefore);
        as(Tokens.mayor("59350")).body("{\"template\": \"town-hall-phone-migration\", \"territories\": [\"commune:59350\"]"
                        + window(twoAm, fourAm) + "}")
                .post(INCIDENTS).then().statusCode(201).body("status", equalTo("SCHEDULED"))
                .body("services", equalTo(List.of("mairie")));
    }

    @Test
    void aCapAlertWithAnOnsetAheadAnnouncesPlannedWorks() {
        clock.moveTo(dayBefore);
        String alert = CapIngestionTest.alert("PLANNED-" + java.util.UUID.randomUUID(), "Actual", "59")
                .replace("<senderName>Préfecture du Nord</senderName>", "<onset>" + cap(twoAm) + "</onset><expires>"
                        + cap(fourAm) + "</expires>");
        String id = io.restassured.RestAssured.given().header("Authorization", Tokens.bearer(prefect))
                .contentType("application/cap+xml").body(alert.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(INCIDENTS).then().statusCode(201)
                .body("status", equalTo("SCHEDULED"))
                .body("plannedStartAt", equalTo(twoAm.toString()))
                .body("plannedEndAt", equalTo(fourAm.toString()))
                .extract().path("id");
        clock.moveTo(twoAm);
        transitions.applyDue();
        incident(id).body("status", equalTo("ACTIVE"));

        // An expires before the onset is refused, naming it.
        String backwards = CapIngestionTest.alert("PLANNED-" + java.util.UUID.randomUUID(), "Actual", "59")
                .replace("<senderName>Préfecture du Nord</senderName>", "<onset>" + cap(fourAm.plus(Duration.ofDays(1)))
                        + "</onset><expires>" + cap(twoAm.plus(Duration.ofDays(1))) + "</expires>");
        io.restassured.RestAssured.given().header("Authorization", Tokens.bearer(prefect))
                .contentType("application/cap+xml").body(backwards.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(INCIDENTS).then().statusCode(400)
                .body("errors.field", hasItem("alert.info.expires"));
    }

    @Test
    void aWindowThatMakesNoSenseIsRefusedNamingTheField() {
        Instant now = Instant.now();
        refused(window(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)).minusSeconds(60)), "plannedEndAt");
        refused(window(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))), "plannedEndAt");
        refused(window(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))), "plannedStartAt");
        refused(window(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(40))), "plannedEndAt");
        refused(window(now.plus(Duration.ofDays(400)), now.plus(Duration.ofDays(401))), "plannedStartAt");
        refused(",\"plannedStartAt\": \"" + now.plus(Duration.ofDays(1)) + "\"", "plannedEndAt");
        refused(",\"plannedEndAt\": \"" + now.plus(Duration.ofDays(1)) + "\"", "plannedStartAt");
        refused(",\"plannedStartAt\": \"mardi 2h\", \"plannedEndAt\": \"" + now.plus(Duration.ofDays(1)) + "\"",
                "plannedStartAt");
    }

    /** CAP's date-time: an offset, never "Z" (here Paris in winter). */
    private static String cap(Instant at) {
        return fr.tocsin.contracts.cap.CapDateTimeAdapter.format(at.atOffset(java.time.ZoneOffset.ofHours(1)));
    }

    private void refused(String window, String field) {
        declare(prefect, body(window, "59")).statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem(field));
    }

    private ValidatableResponse plan(String token, String territory) {
        return declare(token, body(window(twoAm, fourAm), territory));
    }

    private static String window(Instant start, Instant end) {
        return ",\"plannedStartAt\": \"" + start + "\", \"plannedEndAt\": \"" + end + "\"";
    }

    private static String body(String window, String territory) {
        return "{\"template\": \"operator-maintenance-emergency-routing\", \"territories\": [\"" + territory + "\"]"
                + window + "}";
    }

    private ValidatableResponse incident(String id) {
        return as(prefect).get(INCIDENTS + "/" + id).then().statusCode(200);
    }

    /** The audit records of the incident: action and, for the scheduler, who (people shown as one kind). */
    private static List<String> audited(String id) {
        return TestDatabase.query("incident", "select action, actor from audit_record where target_id = ? order by id", id)
                .stream().map(row -> row.get(0) + " " + ("tocsin-scheduler".equals(row.get(1)) ? row.get(1) : "person"))
                .toList();
    }

    /** The incident's events on the topic, once {@code versions} versions are there: version → statuses sent. */
    private static Map<Long, List<String>> events(String id, int versions) {
        Function<List<ConsumerRecord<String, String>>, Map<Long, List<String>>> ofIncident = records -> records.stream()
                .filter(r -> id.equals(r.key()))
                .map(r -> EventJson.read(r.value(), IncidentEvent.class).incident())
                .collect(Collectors.groupingBy(i -> i.version(), java.util.TreeMap::new,
                        Collectors.mapping(i -> i.status().name(), Collectors.toList())));
        return ofIncident.apply(TopicReader.readUntil(Topics.INCIDENTS, Duration.ofSeconds(30),
                records -> ofIncident.apply(records).size() >= versions));
    }
}
