package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.Metrics;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The metrics an on-call engineer reads (docs/ARCHITECTURE.md, Observability) move when their event happens:
 * publication latency measured from the event's own time when the board shows it, SSE streams open, the Kafka
 * clients' lag, and HTTP series that stay bounded whatever paths the public asks for. Territories here (Haute-Loire,
 * Lot, Lot-et-Garonne) are used by no other test; what a test publishes it ends.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class MetricsTest {

    private static final String LATENCY_COUNT = "tocsin_publication_latency_seconds_count";
    private static final String LATENCY_SUM = "tocsin_publication_latency_seconds_sum";

    @TestHTTPResource("/api/v1/notices/stream?territory=47")
    URI stream;

    @Test
    void anIncidentsLatencyIsMeasuredFromItsOwnTimeWhenItBecomesPublicAndOnlyThen() {
        Metrics before = scrape();
        // An exercise shows nowhere: however old, it adds no publication latency.
        UUID exercise = UUID.randomUUID();
        publish(IncidentEvent.of(IncidentEventType.DECLARED, Incidents.snapshot(IncidentMode.EXERCISE, exercise, 1,
                IncidentStatus.ACTIVE, "Exercice en Haute-Loire", List.of("18"), "department:43"),
                Instant.now().minus(Duration.ofHours(1))));
        // Then a public one, declared 2 s ago at its producer (same partition: applied after the exercise).
        UUID id = UUID.randomUUID();
        publish(IncidentEvent.of(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE,
                "Le 18 ne répond plus en Haute-Loire", List.of("18"), "department:43"), Instant.now().minusSeconds(2)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/notices?territory=43").then()
                .body(containsString(id.toString())));
        Metrics after = scrape();
        try {
            double count = after.sum(LATENCY_COUNT, "kind", "incident") - before.sum(LATENCY_COUNT, "kind", "incident");
            double seconds = after.sum(LATENCY_SUM, "kind", "incident") - before.sum(LATENCY_SUM, "kind", "incident");
            assertThat(count).as("the public change (the exercise is none)").isGreaterThanOrEqualTo(1);
            assertThat(seconds).as("seconds from the declaration to the board: 2 s before it was sent, plus the pipeline")
                    .isBetween(2.0, 30.0);
            if (count == 1) {
                // The alert's 5 s bound holds the sample exactly when it was under 5 s (never on timing alone).
                assertThat(after.bucket("tocsin_publication_latency_seconds", 5, "kind", "incident")
                        - before.bucket("tocsin_publication_latency_seconds", 5, "kind", "incident"))
                        .isEqualTo(seconds <= 5 ? 1 : 0);
            }
            java.util.Set<String> bounds = after.values("tocsin_publication_latency_seconds_bucket", "le");
            assertThat(bounds.stream().filter(le -> !le.equals("+Inf")).map(Double::parseDouble).toList())
                    .as("buckets that resolve 50 ms … 10 s: " + bounds).contains(0.25, 1.0, 5.0, 10.0)
                    .anySatisfy(le -> assertThat(le).isBetween(0.04, 0.06))
                    .allSatisfy(le -> assertThat(le).isBetween(0.04, 10.0));
        } finally {
            publish(IncidentEvent.of(IncidentEventType.RESOLVED, Incidents.snapshot(id, 2, IncidentStatus.RESOLVED,
                    "Le 18 ne répond plus en Haute-Loire", List.of("18"), "department:43"), Instant.now()));
            publish(IncidentEvent.of(IncidentEventType.CANCELLED, Incidents.snapshot(IncidentMode.EXERCISE, exercise, 2,
                    IncidentStatus.CANCELLED, "Exercice en Haute-Loire", List.of("18"), "department:43"), Instant.now()));
            // Its own two gone (a national incident another test leaves in force shows in Haute-Loire too).
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/notices?territory=43").then()
                    .body(org.hamcrest.Matchers.not(containsString(id.toString())))
                    .body(org.hamcrest.Matchers.not(containsString(exercise.toString()))));
        }
    }

    @Test
    void liveNumbersLatencyIsMeasuredFromTheirOwnTime() {
        Metrics before = scrape();
        publishNumbers(1, List.of(new LiveNumber("15", 1, "+33536490046", "05 36 49 00 46", "SAMU du Lot", null, List.of())),
                Instant.now().minusSeconds(3));
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/notices?territory=46").then()
                    .body(containsString("+33536490046")));
            Metrics after = scrape();
            assertThat(after.sum(LATENCY_COUNT, "kind", "live-numbers") - before.sum(LATENCY_COUNT, "kind", "live-numbers"))
                    .isEqualTo(1);
            assertThat(after.sum(LATENCY_SUM, "kind", "live-numbers") - before.sum(LATENCY_SUM, "kind", "live-numbers"))
                    .isBetween(3.0, 30.0);
        } finally {
            publishNumbers(2, List.of(), Instant.now());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/notices?territory=46").then()
                    .body("numbers.size()", equalTo(0)));
        }
    }

    @Test
    void theSseGaugeCountsStreamsWhileTheyAreOpen() throws Exception {
        double before = scrape().sum("tocsin_sse_streams_open");
        assertThat(before).as("the gauge exists from the start").isNotNaN();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body.read()).as("the stream is sending").isPositive();
            Metrics open = scrape();
            assertThat(open.sum("tocsin_sse_streams_open")).as(open.text().lines()
                    .filter(l -> l.contains("sse") || l.contains("refused")).toList().toString()).isEqualTo(before + 1);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(scrape().sum("tocsin_sse_streams_open")).as("closed by the client").isEqualTo(before));
    }

    @Test
    void theKafkaConsumersReportTheirLag() {
        Metrics metrics = scrape();
        assertThat(metrics.has("kafka_consumer_fetch_manager_records_lag_max"))
                .as("Quarkus' Kafka binder: lag as each consumer sees it").isTrue();
        assertThat(metrics.values("kafka_consumer_fetch_manager_records_lag_max", "client_id")).isNotEmpty();
    }

    @Test
    void httpSeriesAreOnePerRouteNotOnePerPathAsked() {
        String unknown = "/nulle-part-" + UUID.randomUUID();
        given().get("/departements/01").then().statusCode(200);
        given().get("/departements/02").then().statusCode(200);
        given().get("/api/v1/notices?territory=03").then().statusCode(200);
        given().get(unknown).then().statusCode(404);
        Metrics metrics = scrape();
        assertThat(metrics.values("http_server_requests_seconds_count", "uri"))
                .as("the route's template").contains("/departements/{code}")
                .noneMatch(uri -> uri.startsWith("/departements/0") || uri.contains("nulle-part") || uri.contains("territory"));
        // No latency buckets on the public side: they would cost every request (#19); mean and max are enough.
        assertThat(metrics.has("http_server_requests_seconds_bucket")).as("public side without HTTP buckets").isFalse();
        assertThat(metrics.has("http_server_requests_seconds_max")).isTrue();
        // What the dashboard's saturation panels read (k8s DashboardTest lists them).
        for (String name : List.of("jvm_memory_used_bytes", "jvm_memory_max_bytes", "process_cpu_usage", "system_cpu_count",
                "tocsin_public_in_flight")) {
            assertThat(metrics.has(name)).as(name).isTrue();
        }
    }

    private static Metrics scrape() {
        return Metrics.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static void publish(IncidentEvent event) {
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }

    private static void publishNumbers(long version, List<LiveNumber> numbers, Instant occurredAt) {
        LiveNumbersEvent event = new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), occurredAt,
                TerritoryRef.department("46"), version, numbers);
        TopicWriter.send(Topics.FALLBACK_NUMBERS, 0, event.key(), EventJson.write(event));
    }
}
