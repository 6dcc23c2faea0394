package fr.tocsin.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #22 through the packaged services, on the real clock: planned works announced a minute ahead are upcoming
 * on the public side with no number live, then in force with their number live once incident-service's sweep
 * (every second here) puts them in force, then over, number withdrawn. Lozère (48) is this test's own.
 */
class PlannedWorksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = E2eStack.get();
    }

    @Test
    void upcomingThenLiveThenOverOnTheirOwn() throws Exception {
        String prefect = JwtKeys.loadOrCreate(stack.keysDirectory()).token("prefet-48", "Préfet de la Lozère", "prefecture",
                List.of("department:48"), "Préfecture de la Lozère", Duration.ofMinutes(10));
        HttpResponse<String> number = send("POST", stack.service("fallback-service").url() + "/api/v1/fallback-numbers",
                prefect, """
                        {"territory": "department:48", "service": "15", "number": "04 65 71 00 48", "label": "SAMU de secours"}""");
        assertThat(number.statusCode()).as(number.body()).isEqualTo(201);

        Instant start = Instant.now().plus(Duration.ofSeconds(60)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofSeconds(30));
        HttpResponse<String> declared = send("POST", stack.service("incident-service").url() + "/api/v1/incidents", prefect, """
                {"template": "operator-maintenance-emergency-routing", "territories": ["department:48"],
                 "plannedStartAt": "%s", "plannedEndAt": "%s"}""".formatted(start, end));
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        JsonNode incident = JSON.readTree(declared.body());
        String id = incident.path("id").asText();
        assertThat(incident.path("status").asText()).isEqualTo("SCHEDULED");

        String notices = stack.service("dissemination-service").url() + "/api/v1/notices?territory=48&include=upcoming";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(ids(get(notices), "upcoming")).contains(id));
        if (Instant.now().isBefore(start)) {
            // Still before the start (the only moment this can be asserted): announced, nothing in force, nothing live.
            JsonNode before = get(notices);
            assertThat(ids(before, "incidents")).doesNotContain(id);
            assertThat(before.path("numbers")).isEmpty();
            assertThat(get(stack.service("fallback-service").url() + "/api/v1/live-numbers?territory=48")).isEmpty();
        }

        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode during = get(notices);
            assertThat(ids(during, "incidents")).contains(id);
            assertThat(ids(during, "upcoming")).doesNotContain(id);
            assertThat(during.path("numbers").toString()).contains("+33465710048");
        });
        assertThat(Instant.now()).isAfterOrEqualTo(start);

        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode after = get(notices);
            assertThat(ids(after, "incidents")).doesNotContain(id);
            assertThat(after.path("numbers")).isEmpty();
        });
        JsonNode over = JSON.readTree(send("GET", stack.service("incident-service").url() + "/api/v1/incidents/" + id,
                prefect, null).body());
        assertThat(over.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(over.path("version").asLong()).isEqualTo(3);
        List<String> authors = new ArrayList<>();
        over.path("timeline").forEach(entry -> authors.add(entry.path("author").asText()));
        assertThat(authors.subList(1, 3)).containsOnly("Programmation automatique (Tocsin)");
    }

    private static List<String> ids(JsonNode notices, String field) {
        List<String> ids = new ArrayList<>();
        notices.path(field).forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = send("GET", url, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        return FaultInjectionIT.call(method, url, token, null, body);
    }
}
