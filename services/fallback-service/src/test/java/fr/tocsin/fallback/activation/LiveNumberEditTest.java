package fr.tocsin.fallback.activation;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A standby number that is live because an incident is in force, then edited and retired by its prefecture: the
 * public side (which only knows the events on {@code tocsin.fallback-numbers.v1}) must get the edited number at
 * once, and an event without it once it is retired — never keep calling a number the prefecture withdrew.
 * Lot-et-Garonne (47) is used by no other test; the incident is ended and the numbers removed afterwards.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class LiveNumberEditTest {

    private static final String TERRITORY = "department:47";
    private static final String NUMBERS = "/api/v1/fallback-numbers";

    private final String prefect = Tokens.prefecture("47");
    private final UUID incident = UUID.randomUUID();

    @AfterEach
    void leaveNothingBehind() {
        publish(2, IncidentStatus.RESOLVED);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(TestDatabase.queryLong("fallback", "select count(*) from incident_state where id = ?::uuid "
                        + "and status = 'RESOLVED'", incident.toString())).isOne());
        TestDatabase.execute("fallback", "delete from fallback_number where territory = '" + TERRITORY + "'");
    }

    @Test
    void editingALiveNumberChangesTheLiveNumbersAndRetiringItWithdrawsIt() {
        Instant start = Instant.now();
        // ARCEP's fiction range: nobody real is ever called.
        String samu = register("15", 1, "05 36 49 00 47", "SAMU 47 — secours");
        register("15", 2, "05 36 49 02 47", "SAMU 47 — second numéro");
        publish(1, IncidentStatus.ACTIVE);
        LiveNumbersEvent live = awaitEvent(start, List.of("+33536490047", "+33536490247"));
        assertThat(live.numbers().getFirst().incidents()).containsExactly(incident);
        assertThat(publicLive()).containsExactly("+33536490047", "+33536490247");

        // The prefecture corrects the live number and its label: the public gets the new one, never the old.
        given().header("Authorization", Tokens.bearer(prefect)).contentType(ContentType.JSON)
                .body(Map.of("territory", TERRITORY, "service", "15", "priority", 1, "number", "05 36 49 01 47",
                        "label", "SAMU 47 — nouveau numéro"))
                .put(NUMBERS + "/" + samu).then().statusCode(200);
        LiveNumbersEvent edited = awaitEvent(start, List.of("+33536490147", "+33536490247"));
        assertThat(edited.version()).isGreaterThan(live.version());
        LiveNumber first = edited.numbers().getFirst();
        assertThat(first.national()).isEqualTo("05 36 49 01 47");
        assertThat(first.label()).isEqualTo("SAMU 47 — nouveau numéro");
        assertThat(first.incidents()).containsExactly(incident);
        assertThat(publicLive()).containsExactly("+33536490147", "+33536490247");

        // A label alone changes what the public reads too.
        given().header("Authorization", Tokens.bearer(prefect)).contentType(ContentType.JSON)
                .body(Map.of("territory", TERRITORY, "service", "15", "priority", 1, "number", "05 36 49 01 47",
                        "label", "SAMU 47 — appelez ce numéro"))
                .put(NUMBERS + "/" + samu).then().statusCode(200);
        LiveNumbersEvent relabelled = awaitEvent(start, event -> event.numbers().getFirst().label().equals("SAMU 47 — appelez ce numéro"));
        assertThat(relabelled.version()).isGreaterThan(edited.version());

        // Retired while the incident is still in force: withdrawn from the public side, the other one stays.
        given().header("Authorization", Tokens.bearer(prefect)).delete(NUMBERS + "/" + samu).then().statusCode(204);
        LiveNumbersEvent retired = awaitEvent(start, List.of("+33536490247"));
        assertThat(retired.version()).isGreaterThan(relabelled.version());
        assertThat(publicLive()).containsExactly("+33536490247");
        assertThat(TestDatabase.queryLong("fallback", "select count(*) from live_numbers_history where territory = ? "
                + "and numbers::text like '%+33536490147%'", TERRITORY)).as("the edited number's time live is in the history")
                .isPositive();
    }

    private String register(String service, int priority, String number, String label) {
        return given().header("Authorization", Tokens.bearer(prefect)).contentType(ContentType.JSON)
                .body(Map.of("territory", TERRITORY, "service", service, "priority", priority, "number", number,
                        "label", label))
                .post(NUMBERS).then().statusCode(201).extract().path("id");
    }

    private void publish(long version, IncidentStatus status) {
        IncidentEvent event = IncidentEvent.of(IncidentEventType.UPDATED, Incidents.snapshot(IncidentMode.ACTUAL, incident,
                version, status, "Le 15 ne répond plus en Lot-et-Garonne", List.of("15"), TERRITORY), Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }

    /** What the public API of live numbers answers for the department now (E.164, in order). */
    private static List<String> publicLive() {
        return given().queryParam("territory", "47").get("/api/v1/live-numbers").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.territory == '" + TERRITORY + "' }.numbers.flatten().e164");
    }

    /** Reads the topic until the department's newest event since {@code start} carries exactly these numbers. */
    private static LiveNumbersEvent awaitEvent(Instant start, List<String> e164) {
        LiveNumbersEvent latest = awaitEvent(start, event -> event.numbers().stream().map(LiveNumber::e164).toList().equals(e164));
        assertThat(latest.numbers()).extracting(LiveNumber::e164).as("the newest event of " + TERRITORY).isEqualTo(e164);
        return latest;
    }

    private static LiveNumbersEvent awaitEvent(Instant start, Predicate<LiveNumbersEvent> expected) {
        LiveNumbersEvent latest = latest(start, TopicReader.readUntil(Topics.FALLBACK_NUMBERS, Duration.ofSeconds(30),
                read -> {
                    LiveNumbersEvent event = latest(start, read);
                    return event != null && expected.test(event);
                }));
        assertThat(latest).as("the newest event of " + TERRITORY).isNotNull().matches(expected);
        return latest;
    }

    private static LiveNumbersEvent latest(Instant start, List<ConsumerRecord<String, String>> records) {
        return records.stream().filter(r -> TERRITORY.equals(r.key()))
                .map(r -> EventJson.read(r.value(), LiveNumbersEvent.class))
                .filter(e -> !e.occurredAt().isBefore(start))
                .reduce((a, b) -> b.version() > a.version() ? b : a).orElse(null);
    }
}
