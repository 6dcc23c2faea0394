package fr.tocsin.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.ServiceSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged broadcast-service instances in ONE consumer group ({@code broadcast-service}), on one database, as after
 * a scale-out (#18): 20 declarations, each posted exactly once to its department's account; and one instance killed
 * (kill -9) in the middle of the run loses none. The ledger says every delivery was sent, and the Mastodon stub — which,
 * like Mastodon, answers a repeated Idempotency-Key with the same status — received each declaration under one key.
 */
class BroadcastScaleOutIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    /** Departments no other end-to-end test declares in. */
    static final List<String> DEPARTMENTS = List.of("40", "41", "42", "43", "44", "45", "46", "47", "50", "51");
    /** Slow enough that deliveries are in flight on both instances when one is killed. */
    static final int STUB_LATENCY_MS = 1_500;

    static LocalStack stack;
    static WireMockServer mastodon;
    static StubMapping statuses;
    static String first;
    static ServiceSpec second;
    static final List<String> accounts = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = E2eStack.get();
        first = stack.service("broadcast-service").url();
        second = stack.startAnotherInstance("broadcast-service");
        mastodon = E2eStack.mastodon();
        // The server is shared (its Bluesky and Facebook stubs serve other tests): add this stub, remove it after.
        statuses = mastodon.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(200).withFixedDelay(STUB_LATENCY_MS)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"id\":\"{{request.headers.[Idempotency-Key]}}\",\"url\":\"https://social.example.gouv.fr/@prefet/"
                        + "{{request.headers.[Idempotency-Key]}}\",\"visibility\":\"public\"}")));
    }

    @AfterAll
    static void stop() throws Exception {
        for (String id : accounts) {
            send(HttpRequest.newBuilder(URI.create(first + "/api/v1/social-accounts/" + id))
                    .header("Authorization", "Bearer " + stack.ministryToken("e2e")).DELETE().build());
        }
        mastodon.removeStub(statuses);
    }

    @Test
    void twoInstancesInOneGroupPostEachDeclarationOnceAndAKilledOneLosesNone() throws Exception {
        for (String department : DEPARTMENTS) {
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(first + "/api/v1/social-accounts"))
                    .header("Authorization", "Bearer " + stack.ministryToken("e2e")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"network": "MASTODON", "territory": "department:%s", "name": "Préfecture %s (scale-out)",
                             "credentials": "e2e-mastodon"}""".formatted(department, department))).build());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(created.body());
            assertThat(id.find()).isTrue();
            accounts.add(id.group(1));
        }

        Map<String, String> incidents = new LinkedHashMap<>(); // title → incident id
        for (int i = 0; i < 20; i++) {
            String department = DEPARTMENTS.get(i % DEPARTMENTS.size());
            String title = "Panne du 17, déclaration " + i + " (" + department + ", scale-out)";
            incidents.put(title, E2eStack.declare(department, "17", title, "La police ne répond plus."));
        }
        Set<String> titles = incidents.keySet();

        // Mid-run: some posts are out, others in flight or still to plan. The second instance dies without a word.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !declarationPosts(titles).isEmpty());
        // Before the kill, with both instances alive, no key was posted twice.
        assertThat(byKey(declarationPosts(titles))).as("keys posted twice before the kill")
                .allSatisfy((key, requests) -> assertThat(requests).hasSize(1));
        stack.killService("broadcast-service-" + second.port());
        assertThat(stack.isRunning(second)).isFalse();

        // None lost: the ledger shows every declaration's delivery sent (the survivor took over the killed one's
        // partitions and its unfinished deliveries, whose row locks died with its connections).
        String ministry = stack.ministryToken("e2e");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String incident : incidents.values()) {
                assertThat(ledger(ministry, incident)).as(incident).extracting(d -> d.path("status").asText())
                        .containsExactly("SENT");
            }
        });
        // Room for a duplicate to show up, if there were one.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(keysByTitle(titles)).hasSize(20));

        Map<String, Set<String>> keys = keysByTitle(titles);
        for (String title : titles) {
            JsonNode delivery = ledger(ministry, incidents.get(title)).getFirst();
            // Exactly once: one Idempotency-Key per declaration, the one the ledger recorded as the remote id.
            assertThat(keys.get(title)).as(title).containsExactly(delivery.path("id").asText() + "-0");
            assertThat(JSON.readTree(delivery.path("remoteIds").asText()).get(0).asText()).isEqualTo(keys.get(title).iterator().next());
        }
        // A request repeated under the same key is one the killed instance had in flight (sent, not yet recorded),
        // sent again once by the survivor: the network deduplicates it; any other repeat would be a duplicate. Which
        // side of the kill the stub logged the first copy at says nothing (on a loaded machine a request written
        // before the kill can be read well after it), so the check is on counts: none before the kill (above), at
        // most two copies per key after it.
        List<LoggedRequest> posts = declarationPosts(titles);
        Map<String, List<LoggedRequest>> byKey = byKey(posts);
        assertThat(byKey).doesNotContainKey("null");
        byKey.forEach((key, requests) -> assertThat(requests).as(key).hasSizeLessThanOrEqualTo(2));
        System.out.printf("[e2e] broadcast scale-out: %d declarations, %d requests, %d repeated under their key after the kill%n",
                titles.size(), posts.size(), posts.size() - byKey.size());
    }

    /** The requests under each Idempotency-Key ("null" for one without). */
    private static Map<String, List<LoggedRequest>> byKey(List<LoggedRequest> posts) {
        return posts.stream().collect(Collectors.groupingBy(p -> String.valueOf(p.getHeader("Idempotency-Key"))));
    }

    /** The Idempotency-Keys each of this test's declarations was posted under. */
    private static Map<String, Set<String>> keysByTitle(Set<String> titles) {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        for (LoggedRequest post : declarationPosts(titles)) {
            String body = post.getBodyAsString();
            titles.stream().filter(body::contains).forEach(title -> keys.computeIfAbsent(title, t -> new java.util.TreeSet<>())
                    .add(post.getHeader("Idempotency-Key")));
        }
        return keys;
    }

    /** The stub is shared: only the posts of this test's declarations count. */
    private static List<LoggedRequest> declarationPosts(Set<String> titles) {
        return mastodon.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses"))).stream()
                .filter(post -> titles.stream().anyMatch(title -> post.getBodyAsString().contains(title))).toList();
    }

    private static List<JsonNode> ledger(String token, String incident) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(first + "/api/v1/deliveries?incident=" + incident))
                .header("Authorization", "Bearer " + token).build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<JsonNode> deliveries = new ArrayList<>();
        JSON.readTree(answer.body()).forEach(deliveries::add);
        return deliveries;
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
