package fr.tocsin.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole stack under a steady stream of declarations and updates while its parts fail one at a time: the
 * Kafka broker (SIGKILL), each service (SIGKILL), the database (SIGKILL of the server and all its processes). At the
 * end every accepted change is on the public API in its final version, the fallback numbers are exactly those of the
 * incidents in force, no social post went out twice, and the public pages answered 200 throughout the Kafka and
 * database outages. Runs on its own stack: it kills things.
 */
class FaultInjectionIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Departments under load; 02 has one incident, resolved in the middle of the faults. */
    private static final List<String> DEPARTMENTS = List.of("59", "62", "80", "60");
    private static final String RESOLVED_DEPARTMENT = "02";

    static LocalStack stack;
    static WireMockServer mastodon;
    static JwtKeys keys;

    /** Incident id → department, and the last version the API acknowledged (what the client knows was accepted). */
    final Map<String, String> departments = new ConcurrentHashMap<>();
    final Map<String, Long> accepted = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> changes = new ConcurrentHashMap<>();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger acknowledged = new AtomicInteger();
    final AtomicBoolean running = new AtomicBoolean(true);
    /** Public page samples during the Kafka and database outages: status (or -1: no answer) and when. */
    final List<String> publicFailures = new CopyOnWriteArrayList<>();
    final AtomicInteger publicSamples = new AtomicInteger();
    volatile String outage;

    @BeforeAll
    static void start() throws IOException {
        Path root = Path.of(System.getProperty("tocsin.root", "..")).toAbsolutePath().normalize();
        mastodon = E2eStack.mastodonInstance();
        stack = LocalStack.start(LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-faults"))
                .withProgress(message -> System.out.println("[faults] " + message))
                .withServiceArgs(List.of("-D" + E2eStack.SOCIAL_TOKEN_PROPERTY + "=" + E2eStack.SOCIAL_TOKEN,
                        "-D" + E2eStack.SOCIAL_INSTANCE_PROPERTY + "=" + mastodon.baseUrl(),
                        "-Dtocsin.social.initial-backoff=500ms", "-Dtocsin.social.max-backoff=5s",
                        "-Dtocsin.social.max-attempts=50", "-Dtocsin.outbox.poll-interval=500ms")));
        keys = JwtKeys.loadOrCreate(stack.keysDirectory());
        mastodon.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"113042\",\"url\":\"https://social.example.gouv.fr/@prefet/113042\",\"visibility\":\"public\"}")));
    }

    @AfterAll
    static void stop() {
        if (mastodon != null) {
            mastodon.stop();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void nothingAcceptedIsLostOrDuplicatedWhilePartsFailOneAtATime() throws Exception {
        List<String> all = new ArrayList<>(DEPARTMENTS);
        all.add(RESOLVED_DEPARTMENT);
        for (String department : all) {
            // Standby numbers (ARCEP fiction block) and a social account per department.
            String numbers = call("POST", stack.service("fallback-service").url() + "/api/v1/fallback-numbers", prefect(department),
                    null, """
                            {"territory": "department:%s", "service": "15", "number": "03 53 01 00 %s", "label": "SAMU de secours"}"""
                            .formatted(department, department)).body();
            assertThat(numbers).contains("\"id\"");
            String account = call("POST", stack.service("dissemination-service").url() + "/api/v1/social-accounts",
                    keys.token("ministere", "Ministère", "ministry", List.of("FR"), "Ministère de l’Intérieur", Duration.ofHours(2)),
                    null, """
                            {"network": "MASTODON", "territory": "department:%s", "name": "Préfecture %s",
                             "credentials": "e2e-mastodon"}""".formatted(department, department)).body();
            assertThat(account).contains("\"id\"");
        }
        String resolvedIncident = declare(RESOLVED_DEPARTMENT, "Panne du 15 dans l’Aisne");

        Thread writer = Thread.ofPlatform().name("writer").start(this::write);
        Thread reader = Thread.ofPlatform().name("reader").start(this::read);
        Thread.sleep(5_000);

        outage("kafka");
        stack.embeddedKafka().orElseThrow().kill();
        Thread.sleep(6_000);
        stack.embeddedKafka().orElseThrow().restart();
        outage(null);
        Thread.sleep(8_000);

        for (String service : List.of("incident-service", "fallback-service", "dissemination-service")) {
            System.out.println("[faults] kill -9 " + service);
            stack.killService(service);
            if (service.equals("incident-service")) {
                Thread.sleep(1_000);
            }
            Thread.sleep(2_000);
            stack.restartService(service);
            Thread.sleep(4_000);
            if (service.equals("fallback-service")) {
                // Ending an incident while the numbers' consumer was just restarted.
                resolve(resolvedIncident);
            }
        }

        outage("database");
        stack.embeddedPostgres().orElseThrow().kill();
        Thread.sleep(6_000);
        stack.embeddedPostgres().orElseThrow().restart();
        outage(null);
        Thread.sleep(8_000);

        running.set(false);
        writer.join();
        reader.join();

        // Every accepted change reaches the public API in the version the authority API holds (never older than
        // what was acknowledged: a change committed just before a crash may be newer than the last acknowledgement).
        Map<String, Long> truth = new ConcurrentHashMap<>();
        for (String id : accepted.keySet()) {
            JsonNode incident = JSON.readTree(call("GET", stack.service("incident-service").url() + "/api/v1/incidents/" + id,
                    prefect(departments.get(id)), null, null).body());
            truth.put(id, incident.path("version").asLong());
            assertThat(truth.get(id)).as(id).isGreaterThanOrEqualTo(accepted.get(id));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> lost(truth).isEmpty());
        int lostChanges = lost(truth).stream().mapToInt(id -> changes.getOrDefault(id, new AtomicInteger()).get()).sum();
        int visible = acknowledged.get() - lostChanges;

        // Fallback numbers: live exactly where an incident is in force; the ended one's department has none.
        for (String department : all) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                JsonNode notices = JSON.readTree(call("GET", stack.service("dissemination-service").url()
                        + "/api/v1/notices?territory=" + department, null, null, null).body());
                String live = notices.path("numbers").toString();
                if (department.equals(RESOLVED_DEPARTMENT)) {
                    assertThat(live).as("stale numbers in " + department).doesNotContain("+33353010002");
                } else {
                    assertThat(live).as("numbers in " + department).contains("+333530100" + department);
                }
            });
        }

        // Social posts: one per incident version and account, whatever was killed in between.
        // Posts settle: the same count for five seconds in a row.
        AtomicInteger lastCount = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(5))
                .until(() -> lastCount.getAndSet(posts().size()) == posts().size() && !posts().isEmpty());
        List<LoggedRequest> posts = posts();
        // A duplicate is the same content published as two posts (two keys). The same key sent again (a crash or the
        // database gone between the network's answer and the commit) is Mastodon's to deduplicate: it returns
        // the first status for a repeated Idempotency-Key, so no second post appears. Counted apart.
        Map<String, Long> perKey = posts.stream().collect(Collectors.groupingBy(r -> r.getHeader("Idempotency-Key"),
                Collectors.counting()));
        long resent = perKey.values().stream().filter(n -> n > 1).count();
        Map<String, Long> keysPerContent = posts.stream().collect(Collectors.groupingBy(LoggedRequest::getBodyAsString,
                Collectors.mapping(r -> r.getHeader("Idempotency-Key"), Collectors.collectingAndThen(Collectors.toSet(),
                        keys -> (long) keys.size()))));
        long duplicated = keysPerContent.values().stream().filter(n -> n > 1).count();

        System.out.printf("[faults] sent %d, accepted %d, visible %d, lost %d, duplicated %d "
                        + "(incidents %d, posts %d, resent with the same Idempotency-Key %d, "
                        + "public samples during outages %d, failed %d)%n",
                sent.get(), acknowledged.get(), visible, lostChanges, duplicated, accepted.size(), posts.size(), resent,
                publicSamples.get(), publicFailures.size());
        assertThat(lostChanges).as("lost").isZero();
        assertThat(duplicated).as("duplicated posts: " + keysPerContent.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " ×" + e.getValue()).toList()).isZero();
        posts.stream().filter(p -> perKey.get(p.getHeader("Idempotency-Key")) > 1).forEach(p ->
                assertThat(posts).as("a resend repeats the same request, so the network can deduplicate it")
                        .filteredOn(q -> q.getHeader("Idempotency-Key").equals(p.getHeader("Idempotency-Key")))
                        .allSatisfy(q -> assertThat(q.getBodyAsString()).isEqualTo(p.getBodyAsString())));
        assertThat(publicFailures).as("public pages during the Kafka and database outages").isEmpty();
        assertThat(publicSamples.get()).as("the public pages were sampled during the outages").isGreaterThan(50);
        assertThat(acknowledged.get()).as("the stream kept flowing").isGreaterThan(50);
    }

    /** Declarations and updates as fast as the API answers them, across the departments. */
    private void write() {
        Random random = new Random(42);
        int step = 0;
        while (running.get()) {
            step++;
            try {
                List<String> ids = new ArrayList<>(accepted.keySet());
                ids.remove(departments.entrySet().stream().filter(e -> e.getValue().equals(RESOLVED_DEPARTMENT))
                        .map(Map.Entry::getKey).findFirst().orElse(""));
                if (ids.size() < 12 || random.nextInt(10) == 0) {
                    String department = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
                    declare(department, "Panne du 15, vague " + step + " (" + department + ")");
                } else {
                    String id = ids.get(random.nextInt(ids.size()));
                    update(id, "Point de situation " + step);
                }
            } catch (IOException | RuntimeException e) {
                // A service or its database is down: the client retries later, as an authority would.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Samples a department page while Kafka or the database is down. */
    private void read() {
        while (running.get()) {
            String during = outage;
            if (during != null) {
                publicSamples.incrementAndGet();
                try {
                    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(
                                    stack.service("dissemination-service").url() + "/departements/59"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (page.statusCode() != 200) {
                        publicFailures.add(during + ": " + page.statusCode() + " at " + Instant.now());
                    }
                } catch (IOException e) {
                    publicFailures.add(during + ": no answer (" + e + ") at " + Instant.now());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void outage(String what) {
        System.out.println("[faults] " + (what == null ? "outage over" : what + " down") + " at " + Instant.now());
        outage = what;
    }

    private String declare(String department, String title) throws IOException, InterruptedException {
        sent.incrementAndGet();
        HttpResponse<String> response = call("POST", stack.service("incident-service").url() + "/api/v1/incidents",
                prefect(department), null, """
                        {"title": {"fr": "%s"}, "description": {"fr": "Le 15 ne répond plus."},
                         "services": ["15"], "territories": ["department:%s"]}""".formatted(title, department));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("declaration refused: " + response.statusCode());
        }
        JsonNode incident = JSON.readTree(response.body());
        String id = incident.path("id").asText();
        departments.put(id, department);
        accepted.put(id, incident.path("version").asLong());
        changes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        acknowledged.incrementAndGet();
        return id;
    }

    private void update(String id, String message) throws IOException, InterruptedException {
        sent.incrementAndGet();
        String department = departments.get(id);
        String url = stack.service("incident-service").url() + "/api/v1/incidents/" + id;
        // The current version, not the last acknowledged one: a change may have committed without its answer.
        HttpResponse<String> current = call("GET", url, prefect(department), null, null);
        if (current.statusCode() != 200) {
            throw new IllegalStateException("read refused: " + current.statusCode());
        }
        HttpResponse<String> response = call("POST", url + "/updates", prefect(department),
                current.headers().firstValue("ETag").orElseThrow(), "{\"message\": {\"fr\": \"" + message + "\"}}");
        if (response.statusCode() == 200) {
            accepted.merge(id, JSON.readTree(response.body()).path("version").asLong(), Math::max);
            changes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            acknowledged.incrementAndGet();
        }
    }

    private void resolve(String id) throws IOException, InterruptedException {
        String url = stack.service("incident-service").url() + "/api/v1/incidents/" + id;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            HttpResponse<String> current = call("GET", url, prefect(RESOLVED_DEPARTMENT), null, null);
            HttpResponse<String> resolved = call("POST", url + "/resolve", prefect(RESOLVED_DEPARTMENT),
                    current.headers().firstValue("ETag").orElseThrow(), "{}");
            if (resolved.statusCode() == 200) {
                accepted.merge(id, JSON.readTree(resolved.body()).path("version").asLong(), Math::max);
            }
            return resolved.statusCode() == 200;
        });
    }

    /** Accepted incidents whose public version is not the authority's (older, or missing). */
    private List<String> lost(Map<String, Long> truth) throws IOException, InterruptedException {
        List<String> lost = new ArrayList<>();
        String base = stack.service("dissemination-service").url();
        for (String department : List.of("59", "62", "80", "60", RESOLVED_DEPARTMENT)) {
            JsonNode notices = JSON.readTree(call("GET", base + "/api/v1/notices?territory=" + department, null, null, null).body());
            for (Map.Entry<String, Long> incident : truth.entrySet()) {
                if (!department.equals(departments.get(incident.getKey()))) {
                    continue;
                }
                boolean current = false;
                for (JsonNode notice : notices.path("incidents")) {
                    current |= notice.path("id").asText().equals(incident.getKey())
                            && notice.path("version").asLong() == incident.getValue();
                }
                // The resolved one is no longer in force: its CAP message says what its last version is.
                if (!current && department.equals(RESOLVED_DEPARTMENT)) {
                    HttpResponse<String> cap = call("GET", base + "/cap/" + incident.getKey() + ".xml", null, null, null);
                    current = cap.statusCode() == 200 && cap.body().contains("<msgType>Update</msgType>")
                            && cap.body().contains("AllClear");
                }
                if (!current) {
                    lost.add(incident.getKey());
                }
            }
        }
        return lost;
    }

    private List<LoggedRequest> posts() {
        return mastodon.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses")));
    }

    private String prefect(String department) {
        return keys.token("prefet-" + department, "Préfet " + department, "prefecture", List.of("department:" + department),
                "Préfecture " + department, Duration.ofHours(2));
    }

    private static HttpResponse<String> call(String method, String url, String token, String ifMatch, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
