package fr.tocsin.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.ServiceFront;
import fr.tocsin.localstack.ServiceSpec;
import fr.tocsin.localstack.scenario.RolloutBenchmark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged dissemination-service instances on one database and one broker, as after a scale-out: each
 * serves current pages, and together they post every declaration exactly once per account; and one of them restarted
 * behind a front that follows readiness drops no request (#17).
 */
class DisseminationScaleOutIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<String> DEPARTMENTS = List.of("30", "31", "32", "33", "34", "35", "36", "37", "38", "39");

    static LocalStack stack;
    static WireMockServer mastodon;
    static String first;
    static String second;
    static ServiceSpec secondInstance;
    static final List<String> accounts = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = E2eStack.get();
        ServiceSpec another = stack.startAnotherInstance("dissemination-service");
        first = stack.service("dissemination-service").url();
        second = another.url();
        secondInstance = another;
        mastodon = E2eStack.mastodon();
        mastodon.resetAll();
        mastodon.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(200).withFixedDelay(100)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"113042\",\"url\":\"https://social.example.gouv.fr/@prefet/113042\",\"visibility\":\"public\"}")));
    }

    @AfterAll
    static void stop() throws Exception {
        for (String id : accounts) {
            send(HttpRequest.newBuilder(URI.create(first + "/api/v1/social-accounts/" + id))
                    .header("Authorization", "Bearer " + stack.ministryToken("e2e")).DELETE().build());
        }
        mastodon.resetAll();
    }

    @Test
    void twoInstancesServeCurrentPagesAndPostEachDeclarationOnce() throws Exception {
        for (String department : DEPARTMENTS) {
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(first + "/api/v1/social-accounts"))
                    .header("Authorization", "Bearer " + stack.ministryToken("e2e")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"network": "MASTODON", "territory": "department:%s", "name": "Préfecture %s",
                             "credentials": "e2e-mastodon"}""".formatted(department, department))).build());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(created.body());
            assertThat(id.find()).isTrue();
            accounts.add(id.group(1));
        }

        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String department = DEPARTMENTS.get(i % DEPARTMENTS.size());
            String title = "Panne du 18, déclaration " + i + " (" + department + ")";
            titles.add(title);
            declare(department, title);
        }

        // The stub is shared: other classes' posts, and the live-number posts of departments where standby numbers
        // for the 18 were registered before, may be there too. This test counts the posts of its own declarations,
        // and requires every post, whoever caused it, to carry an Idempotency-Key of its own.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(declarationPosts(titles)).hasSize(20));
        // Room for a duplicate to show up, if there were one: still twenty, three seconds on.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(declarationPosts(titles)).hasSize(20));
        List<LoggedRequest> posts = declarationPosts(titles);
        assertThat(posts).allSatisfy(post -> assertThat(post.getHeader("Authorization"))
                .isEqualTo("Bearer " + E2eStack.SOCIAL_TOKEN));
        Map<String, Long> perKey = mastodon.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses"))).stream()
                .collect(Collectors.groupingBy(r -> String.valueOf(r.getHeader("Idempotency-Key")), Collectors.counting()));
        assertThat(perKey).doesNotContainKey("null").allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
        for (String title : titles) {
            assertThat(posts).as(title).filteredOn(p -> p.getBodyAsString().contains(title)).hasSize(1);
        }

        // Both instances keep their own pages current from the same topics.
        for (String instance : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(instance + "/departements/39")).build());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains(titles.getLast());
            });
        }
    }

    /**
     * As one step of a rolling update: readers go on through a front (a Kubernetes Service) while one instance gets
     * SIGTERM and starts again. It turns not-ready and keeps serving for quarkus.shutdown.delay (E2eStack sets it), so
     * the front stops choosing it before it stops listening, then it drains: no request fails. Without the delay the
     * requests the front sent it in the moment before it noticed were refused (503).
     */
    @Test
    void restartingAnInstanceBehindItsFrontDropsNoRequest() throws Exception {
        try (ServiceFront front = ServiceFront.start("dissemination-service", 0)) {
            front.add(first);
            front.add(second);
            assertThat(front.awaitInRotation(first, Duration.ofSeconds(30))).isTrue();
            assertThat(front.awaitInRotation(second, Duration.ofSeconds(30))).isTrue();
            RolloutBenchmark.Load load = new RolloutBenchmark.Load(stack, Map.of("dissemination-service", front), 2);
            try (load) {
                load.start();
                stack.restartInstance(secondInstance, message -> System.out.println("[e2e] " + message));
                assertThat(front.awaitInRotation(second, Duration.ofSeconds(30))).as("back in rotation").isTrue();
                load.stop();
            }
            assertThat(load.sent()).as("requests sent during the restart").isPositive();
            assertThat(load.failed()).as("requests failed: %s", load.counters().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().reasons()).toList()).isZero();
        }
    }

    private static List<LoggedRequest> declarationPosts(List<String> titles) {
        return mastodon.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses"))).stream()
                .filter(post -> titles.stream().anyMatch(title -> post.getBodyAsString().contains(title))).toList();
    }

    private static void declare(String department, String title) throws Exception {
        String token = JwtKeys.loadOrCreate(stack.keysDirectory()).token("prefet-" + department, "Préfet " + department,
                "prefecture", List.of("department:" + department), "Préfecture " + department, Duration.ofMinutes(5));
        HttpResponse<String> declared = send(HttpRequest.newBuilder(
                        URI.create(stack.service("incident-service").url() + "/api/v1/incidents"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"title": {"fr": "%s"}, "description": {"fr": "Les pompiers ne répondent plus."},
                         "services": ["18"], "territories": ["department:%s"]}""".formatted(title, department)))
                .build());
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
