package fr.tocsin.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole stack under a steady stream of declarations, updates and resolutions while its parts fail one at a time:
 * the Kafka broker (SIGKILL), each service (SIGKILL), the database (SIGKILL of the server and all its processes).
 * Every write attempt is counted with its outcome: only while incident-service or its database is down (or the
 * database recovering) may one fail, never with a 4xx. At the end every acknowledged change is public in the
 * authority's final version (notices, signed CAP, the incident's page with every acknowledged message), every
 * department's live numbers are exactly those of the incidents in force there, and every post each network's stub
 * accepted is one the delivery ledger knows (per idempotency key where the network has one): nothing posted twice.
 * The public pages answer 200 throughout the Kafka and database outages. Runs on its own stack: it kills things.
 */
class FaultInjectionIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Departments under load; 02 has one incident, resolved in the middle of the faults. */
    private static final List<String> DEPARTMENTS = List.of("59", "62", "80", "60");
    private static final String RESOLVED_DEPARTMENT = "02";
    /** Every incident in force here is resolved after the faults: a department that must end with no number. */
    private static final String ENDED_DEPARTMENT = "60";
    /** Phases in which a write may fail: what serves writes is down, or the database is coming back. */
    private static final Set<String> MAY_FAIL = Set.of("incident-service down", "database down", "database recovering");
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** Beside Mastodon (every department), one account of each other network, each on a department under load. */
    private static final Map<String, List<String>> OTHER_NETWORKS = Map.of("59", List.of("X"), "62", List.of("TELEGRAM"),
            "80", List.of("FACEBOOK"), "60", List.of("BLUESKY", "WEBHOOK"));

    static LocalStack stack;
    /** One WireMock server answering as every network: Mastodon instance, X, Telegram, Facebook, Bluesky PDS, webhook. */
    static WireMockServer networks;
    static JwtKeys keys;

    /** Incident id → department, the last version acknowledged, the messages acknowledged, resolutions acknowledged. */
    final Map<String, String> departments = new ConcurrentHashMap<>();
    final Map<String, Long> accepted = new ConcurrentHashMap<>();
    final Map<String, List<String>> messages = new ConcurrentHashMap<>();
    final Set<String> resolved = ConcurrentHashMap.newKeySet();
    /** Every write attempt: the phases it started and ended in, what it was, what came back. */
    final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    /** Public page samples during the Kafka and database outages: status (or -1: no answer) and when. */
    final List<String> publicFailures = new CopyOnWriteArrayList<>();
    final AtomicInteger publicSamples = new AtomicInteger();
    volatile String outage;
    volatile String phase = "steady";
    volatile Instant broadcastKilledAt;
    volatile Instant databaseKilledAt;
    volatile Instant databaseBackAt;

    record Attempt(String startPhase, String endPhase, String kind, String outcome, boolean acknowledged) {

        boolean mayFail() {
            return MAY_FAIL.contains(startPhase) || MAY_FAIL.contains(endPhase);
        }

        /** An answer the client got wrong or the service refused on purpose: never a fault's doing. */
        boolean clientError() {
            return outcome.matches("4\\d\\d.*");
        }
    }

    @BeforeAll
    static void start() throws IOException {
        Path root = Path.of(System.getProperty("tocsin.root", "..")).toAbsolutePath().normalize();
        networks = E2eStack.mastodonInstance();
        String stub = networks.baseUrl();
        stack = LocalStack.start(LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-faults"))
                .withProgress(message -> System.out.println("[faults] " + message))
                .withServiceArgs(java.util.stream.Stream.concat(java.util.stream.Stream.of("-D" + E2eStack.SOCIAL_TOKEN_PROPERTY + "=" + E2eStack.SOCIAL_TOKEN,
                        "-D" + E2eStack.SOCIAL_INSTANCE_PROPERTY + "=" + stub,
                        "-Dtocsin.social.endpoints.x=" + stub, "-Dtocsin.social.endpoints.telegram=" + stub,
                        "-Dtocsin.social.endpoints.facebook=" + stub,
                        "-Dtocsin.social.credentials.e2e-x.token=e2e-x-token",
                        "-Dtocsin.social.credentials.e2e-telegram.token=7000000001:e2e-telegram-token",
                        "-Dtocsin.social.credentials.e2e-facebook.token=e2e-facebook-page-token",
                        "-Dtocsin.social.credentials.e2e-bluesky.identifier=prefet60.bsky.social",
                        "-Dtocsin.social.credentials.e2e-bluesky.password=e2e-app-password",
                        "-Dtocsin.social.credentials.e2e-bluesky.pds=" + stub,
                        "-Dtocsin.social.credentials.e2e-webhook.secret=" + WEBHOOK_SECRET,
                        "-Dtocsin.social.initial-backoff=500ms", "-Dtocsin.social.max-backoff=5s",
                        "-Dtocsin.social.max-attempts=50", "-Dtocsin.outbox.poll-interval=500ms"),
                        E2eStack.UNPACED.stream()).toList()));
        keys = JwtKeys.loadOrCreate(stack.keysDirectory());
        // Each network's answer carries the id the adapter records in the ledger: the Idempotency-Key itself for
        // Mastodon (a repeated key gets the same status back, as Mastodon deduplicates), a fresh one otherwise.
        networks.stubFor(post("/api/v1/statuses").willReturn(json(200, """
                {"id":"{{request.headers.[Idempotency-Key]}}","url":"https://social.example.gouv.fr/@prefet/{{request.headers.[Idempotency-Key]}}","visibility":"public"}""")));
        networks.stubFor(post("/2/tweets").willReturn(json(201, """
                {"data":{"id":"1{{randomValue length=17 type='NUMERIC'}}","text":"…"}}""")));
        networks.stubFor(post(urlPathMatching("/bot[^/]+/sendMessage")).willReturn(json(200, """
                {"ok":true,"result":{"message_id":1{{randomValue length=12 type='NUMERIC'}},"chat":{"id":-1000000000062,"username":"prefet62","type":"channel"},"date":1795000000,"text":"…"}}""")));
        // Facebook Pages too (FacebookPageStub).
        // Bluesky: E2eStack's server is a PDS already (BlueskyPdsStub).
        networks.stubFor(post("/hooks/partner").willReturn(aResponse().withStatus(204)));
    }


    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body.strip())
                .withTransformers("response-template");
    }

    @AfterAll
    static void stop() {
        if (networks != null) {
            networks.stop();
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
            // Standby numbers (ARCEP fiction block) and the department's social accounts.
            String numbers = call("POST", stack.service("fallback-service").url() + "/api/v1/fallback-numbers", prefect(department),
                    null, """
                            {"territory": "department:%s", "service": "15", "number": "03 53 01 00 %s", "label": "SAMU de secours"}"""
                            .formatted(department, department)).body();
            assertThat(numbers).contains("\"id\"");
            register("MASTODON", department, "e2e-mastodon", null, null);
            for (String network : OTHER_NETWORKS.getOrDefault(department, List.of())) {
                switch (network) {
                    case "X" -> register(network, department, "e2e-x", "Prefet" + department, null);
                    case "TELEGRAM" -> register(network, department, "e2e-telegram", "@prefet" + department, null);
                    case "FACEBOOK" -> register(network, department, "e2e-facebook", "1000" + department, null);
                    case "BLUESKY" -> register(network, department, "e2e-bluesky", null, null);
                    case "WEBHOOK" -> register(network, department, "e2e-webhook", null, networks.baseUrl() + "/hooks/partner");
                    default -> throw new IllegalStateException(network);
                }
            }
        }
        String resolvedIncident = declare(RESOLVED_DEPARTMENT, "Panne du 15 dans l’Aisne");

        Thread writer = Thread.ofPlatform().name("writer").start(this::write);
        Thread reader = Thread.ofPlatform().name("reader").start(this::read);
        Thread.sleep(5_000);

        phase("kafka down");
        outage("kafka");
        stack.embeddedKafka().orElseThrow().kill();
        Thread.sleep(6_000);
        stack.embeddedKafka().orElseThrow().restart();
        outage(null);
        phase("steady");
        Thread.sleep(8_000);

        for (String service : List.of("incident-service", "fallback-service", "dissemination-service", "broadcast-service")) {
            System.out.println("[faults] kill -9 " + service);
            phase(service + " down");
            if (service.equals("broadcast-service")) {
                broadcastKilledAt = Instant.now();
            }
            stack.killService(service);
            if (service.equals("incident-service")) {
                Thread.sleep(1_000);
            }
            Thread.sleep(2_000);
            stack.restartService(service);
            phase("steady");
            Thread.sleep(4_000);
            if (service.equals("fallback-service")) {
                // Ending an incident while the numbers' consumer was just restarted.
                resolveNow(resolvedIncident);
            }
        }

        phase("database down");
        outage("database");
        databaseKilledAt = Instant.now();
        stack.embeddedPostgres().orElseThrow().kill();
        Thread.sleep(6_000);
        stack.embeddedPostgres().orElseThrow().restart();
        databaseBackAt = Instant.now();
        outage(null);
        // Pooled connections to the killed server are found broken one by one: a bounded window, then none.
        phase("database recovering");
        Thread.sleep(10_000);
        phase("steady");
        Thread.sleep(8_000);

        running.set(false);
        writer.join();
        reader.join();

        // A department whose incidents all end after the faults, so that "no numbers" is checked where there were.
        for (String id : inForce(ENDED_DEPARTMENT)) {
            resolveNow(id);
        }

        // Every write attempt and its outcome, per phase.
        Map<String, Map<String, Long>> outcomes = new TreeMap<>();
        for (Attempt attempt : attempts) {
            outcomes.computeIfAbsent(attempt.startPhase(), p -> new TreeMap<>())
                    .merge(attempt.kind() + " " + attempt.outcome(), 1L, Long::sum);
        }
        System.out.println("[faults] write attempts by phase and outcome: " + outcomes);
        List<Attempt> failed = attempts.stream().filter(a -> !a.acknowledged()).toList();
        assertThat(failed).as("writes refused or unanswered while incident-service and its database were up")
                .filteredOn(a -> !a.mayFail()).isEmpty();
        assertThat(failed).as("4xx answers: a fault never explains them").filteredOn(Attempt::clientError).isEmpty();
        for (String mustAccept : List.of("steady", "kafka down", "fallback-service down", "dissemination-service down",
                "broadcast-service down")) {
            assertThat(attempts).as("writes acknowledged during " + mustAccept)
                    .filteredOn(a -> a.startPhase().equals(mustAccept) && a.acknowledged()).hasSizeGreaterThan(mustAccept.equals("steady") ? 50 : 3);
        }

        // The authority's final word on every incident acknowledged: version and whether it is in force.
        Map<String, JsonNode> truth = new ConcurrentHashMap<>();
        for (String id : accepted.keySet()) {
            HttpResponse<String> incident = call("GET", stack.service("incident-service").url() + "/api/v1/incidents/" + id,
                    prefect(departments.get(id)), null, null);
            assertThat(incident.statusCode()).as(incident.body()).isEqualTo(200);
            truth.put(id, JSON.readTree(incident.body()));
            // Never older than acknowledged: a change committed just before a crash may be newer than its answer.
            assertThat(truth.get(id).path("version").asLong()).as(id).isGreaterThanOrEqualTo(accepted.get(id));
            if (resolved.contains(id)) {
                assertThat(truth.get(id).path("status").asText()).as(id + " acknowledged as resolved").isEqualTo("RESOLVED");
            }
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> lost(truth).isEmpty());
        List<String> lost = lost(truth);
        // Every acknowledged message is on the incident's public page, whatever was killed in between.
        for (String id : truth.keySet()) {
            String page = call("GET", stack.service("dissemination-service").url() + "/incidents/" + id, null, null, null).body();
            for (String message : messages.getOrDefault(id, List.of())) {
                assertThat(page).as("acknowledged message of " + id).contains(message);
            }
        }

        // Fallback numbers, in every department: live exactly for the incidents in force there, on the fallback
        // service's public API and in the public notices (which only know them from the numbers' topic).
        Map<String, List<String>> inForce = new TreeMap<>();
        for (String department : all) {
            inForce.put(department, truth.entrySet().stream().filter(e -> departments.get(e.getKey()).equals(department))
                    .filter(e -> Set.of("ACTIVE", "MONITORING").contains(e.getValue().path("status").asText()))
                    .map(Map.Entry::getKey).sorted().toList());
        }
        assertThat(inForce.get(ENDED_DEPARTMENT)).isEmpty();
        assertThat(inForce.get(RESOLVED_DEPARTMENT)).isEmpty();
        assertThat(inForce.values()).as("departments with incidents in force").filteredOn(ids -> !ids.isEmpty()).hasSizeGreaterThan(1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            for (String department : all) {
                List<String> expected = inForce.get(department);
                List<Map<String, Object>> wanted = expected.isEmpty() ? List.of() : List.of(Map.of("e164", "+333530100" + department,
                        "incidents", expected));
                assertThat(liveNumbers(JSON.readTree(call("GET", stack.service("fallback-service").url()
                        + "/api/v1/live-numbers?territory=" + department, null, null, null).body()), department))
                        .as("fallback-service live numbers of " + department).isEqualTo(wanted);
                JsonNode notices = JSON.readTree(call("GET", stack.service("dissemination-service").url()
                        + "/api/v1/notices?territory=" + department, null, null, null).body());
                assertThat(liveNumbers(notices.path("numbers"), department)).as("public numbers of " + department).isEqualTo(wanted);
            }
        });

        // Social posts: every delivery settled, then nothing more arriving for a while.
        String ministry = keys.token("ministere", "Ministère", "ministry", List.of("FR"), "Ministère de l’Intérieur", Duration.ofHours(2));
        List<String> subjects = new ArrayList<>(truth.keySet());
        all.forEach(department -> subjects.add("numbers:department:" + department));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(ledger(ministry, subjects)).as("deliveries not settled yet (a numbers post overtaken by a newer set "
                        + "is SUPERSEDED, never sent; one perhaps posted when broadcast-service or its database died mid-post is"
                        + " UNKNOWN, not posted again)").filteredOn(d -> !Set.of("SENT", "SUPERSEDED", "UNKNOWN")
                        .contains(d.path("status").asText())).isEmpty());
        AtomicInteger last = new AtomicInteger(-1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            int now = networks.getAllServeEvents().size();
            return last.getAndSet(now) == now;
        });
        List<JsonNode> ledger = ledger(ministry, subjects);
        Map<String, NetworkTally> tallies = new TreeMap<>();
        for (String network : List.of("MASTODON", "X", "TELEGRAM", "FACEBOOK", "BLUESKY", "WEBHOOK")) {
            tallies.put(network, tally(network, ledger));
        }
        long unrecorded = tallies.values().stream().mapToLong(t -> t.unknown().size()).sum();
        long unknownDeliveries = ledger.stream().filter(d -> d.path("status").asText().equals("UNKNOWN")).count();
        int acknowledgedWrites = (int) attempts.stream().filter(Attempt::acknowledged).count();
        // A lost incident loses its declaration and every change acknowledged after it.
        int lostChanges = lost.stream().mapToInt(id -> 1 + messages.getOrDefault(id, List.of()).size()).sum();
        System.out.printf("[faults] sent %d, accepted %d, visible %d, lost %d, posts unrecorded %d, deliveries UNKNOWN %d "
                        + "(incidents %d, posts per network %s, public samples during outages %d, failed %d)%n",
                attempts.size(), acknowledgedWrites, acknowledgedWrites - lostChanges, lostChanges, unrecorded,
                unknownDeliveries, accepted.size(),
                tallies, publicSamples.get(), publicFailures.size());
        assertThat(lost).as("lost").isEmpty();
        tallies.forEach((network, tally) -> {
            assertThat(tally.posts()).as(network + ": posts on its stub").isPositive();
            assertThat(tally.missing()).as(network + ": ledger says sent, the network never got it").isEmpty();
            assertThat(tally.resentWithAnotherBody()).as(network + ": a resend repeats the same request, so the network can "
                    + "deduplicate it").isEmpty();
            if (network.equals("MASTODON") || network.equals("WEBHOOK")) {
                // These networks get an idempotency key: a resend is theirs to deduplicate, a new key is a new post.
                assertThat(tally.unknown()).as(network + ": posts under a key the ledger does not know (duplicates)").isEmpty();
            } else {
                // No key: a post the ledger does not know can only be one accepted just before the SIGKILL of
                // broadcast-service, or while the ledger's database was being killed, whose commit died with it; its
                // delivery, noted submitting before the request, is then UNKNOWN and not posted again (docs/SOCIAL.md,
                // "Exactly once, in effect"): at most one post per part of an UNKNOWN delivery (two for a thread).
                long unknownHere = ledger.stream().filter(d -> d.path("network").asText().equals(network)
                        && d.path("status").asText().equals("UNKNOWN")).count();
                assertThat((long) tally.unknown().size()).as(network + ": posts the ledger does not know, against its "
                        + unknownHere + " UNKNOWN deliveries (more would be duplicates)")
                        .isLessThanOrEqualTo(2 * unknownHere);
                assertThat(tally.unknown()).as(network + ": posts the ledger does not know (duplicates)")
                        .allSatisfy(post -> assertThat(post.getLoggedDate().toInstant()).satisfiesAnyOf(
                                at -> assertThat(at).isBetween(broadcastKilledAt.minusSeconds(10), broadcastKilledAt),
                                at -> assertThat(at).isBetween(databaseKilledAt.minusSeconds(10), databaseBackAt)));
            }
        });
        assertThat(publicFailures).as("public pages during the Kafka and database outages").isEmpty();
        assertThat(publicSamples.get()).as("the public pages were sampled during the outages").isGreaterThan(50);
    }

    /** Posts one network's stub received, held against the ledger's record of what it sent there. */
    record NetworkTally(int posts, int keys, long resent, List<LoggedRequest> unknown, Set<String> missing,
                        List<String> resentWithAnotherBody) {

        @Override
        public String toString() {
            return posts + " (" + keys + " distinct, " + resent + " resent with the same key, " + unknown.size() + " unknown)";
        }
    }

    private NetworkTally tally(String network, List<JsonNode> ledger) {
        Set<String> recorded = new HashSet<>();
        for (JsonNode delivery : ledger) {
            if (delivery.path("network").asText().equals(network) && delivery.path("status").asText().equals("SENT")) {
                try {
                    JSON.readTree(delivery.path("remoteIds").asText()).forEach(id -> recorded.add(id.asText()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        Map<String, List<ServeEvent>> byId = new HashMap<>();
        for (ServeEvent post : posts(network)) {
            byId.computeIfAbsent(remoteId(network, post), id -> new ArrayList<>()).add(post);
        }
        List<LoggedRequest> unknown = byId.entrySet().stream().filter(e -> !recorded.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).map(ServeEvent::getRequest).toList();
        Set<String> missing = new TreeSet<>(recorded);
        missing.removeAll(byId.keySet());
        List<String> resentWithAnotherBody = byId.entrySet().stream()
                .filter(e -> e.getValue().stream().map(p -> p.getRequest().getBodyAsString()).distinct().count() > 1)
                .map(Map.Entry::getKey).toList();
        long resent = byId.values().stream().filter(list -> list.size() > 1).count();
        return new NetworkTally(byId.values().stream().mapToInt(List::size).sum(), byId.size(), resent, unknown, missing,
                resentWithAnotherBody);
    }

    /** What the adapter records as the post's id: the key for keyed networks, else the id the stub answered. */
    private static String remoteId(String network, ServeEvent post) {
        try {
            JsonNode answer = Set.of("WEBHOOK", "BLUESKY", "FACEBOOK").contains(network) ? null
                    : JSON.readTree(post.getResponse().getBodyAsString());
            return switch (network) {
                case "MASTODON" -> post.getRequest().getHeader("Idempotency-Key");
                case "WEBHOOK" -> post.getRequest().getHeader("webhook-id");
                case "X" -> answer.path("data").path("id").asText();
                case "TELEGRAM" -> answer.path("result").path("message_id").asText();
                case "FACEBOOK" -> FacebookPageStub.remoteId(post);
                case "BLUESKY" -> BlueskyPdsStub.remoteId(post);
                default -> throw new IllegalArgumentException(network);
            };
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ServeEvent> posts(String network) {
        return networks.getAllServeEvents().stream().filter(event -> {
            String path = event.getRequest().getUrl().split("\\?")[0];
            return event.getRequest().getMethod().getName().equals("POST") && switch (network) {
                case "MASTODON" -> path.equals("/api/v1/statuses");
                case "X" -> path.equals("/2/tweets");
                case "TELEGRAM" -> path.matches("/bot[^/]+/sendMessage");
                case "FACEBOOK" -> FacebookPageStub.publishes(event);
                case "BLUESKY" -> path.equals(BlueskyPdsStub.CREATE_RECORD);
                case "WEBHOOK" -> path.equals("/hooks/partner");
                default -> throw new IllegalArgumentException(network);
            };
        }).toList();
    }

    private List<JsonNode> ledger(String token, List<String> subjects) throws IOException, InterruptedException {
        List<JsonNode> deliveries = new ArrayList<>();
        for (String subject : subjects) {
            String query = subject.startsWith("numbers:") ? "subject=" + subject : "incident=" + subject;
            HttpResponse<String> answer = call("GET", stack.service("broadcast-service").url() + "/api/v1/deliveries?" + query,
                    token, null, null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JSON.readTree(answer.body()).forEach(deliveries::add);
        }
        return deliveries;
    }

    /** A department's live numbers in a list of territory sets: number and the incidents behind it. */
    private static List<Map<String, Object>> liveNumbers(JsonNode sets, String department) {
        List<Map<String, Object>> live = new ArrayList<>();
        for (JsonNode set : sets) {
            if (!set.path("territory").asText().equals("department:" + department)) {
                continue;
            }
            for (JsonNode number : set.path("numbers")) {
                List<String> incidents = new ArrayList<>();
                number.path("incidents").forEach(id -> incidents.add(id.asText()));
                live.add(Map.of("e164", number.path("e164").asText(), "incidents", incidents.stream().sorted().toList()));
            }
        }
        return live;
    }

    /** Declarations, updates and resolutions as fast as the API answers them, across the departments. */
    private void write() {
        Random random = new Random(42);
        int step = 0;
        while (running.get()) {
            step++;
            try {
                List<String> open = DEPARTMENTS.stream().flatMap(d -> inForce(d).stream()).toList();
                int draw = random.nextInt(20);
                if (open.size() < 12 || draw < 2) {
                    String department = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
                    declare(department, "Panne du 15, vague " + step + " (" + department + ")");
                } else if (draw < 4) {
                    resolve(open.get(random.nextInt(open.size())), "Fin de la panne " + step);
                } else {
                    update(open.get(random.nextInt(open.size())), "Point de situation " + step);
                }
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

    /** Incidents of a department acknowledged and not acknowledged as resolved. */
    private List<String> inForce(String department) {
        return departments.entrySet().stream().filter(e -> e.getValue().equals(department))
                .map(Map.Entry::getKey).filter(id -> !resolved.contains(id)).sorted().toList();
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

    private void phase(String what) {
        System.out.println("[faults] phase: " + what + " at " + Instant.now());
        phase = what;
    }

    /**
     * One write, counted with its outcome: the status, or the exception when no answer came. Returns the answer
     * when it is the expected one, else null.
     */
    private HttpResponse<String> attempt(String kind, int expected, Callable<HttpResponse<String>> write) throws InterruptedException {
        String started = phase;
        String outcome;
        HttpResponse<String> response = null;
        try {
            response = write.call();
            if (response == null) {
                return null; // nothing to write after all
            }
            outcome = String.valueOf(response.statusCode());
            if (response.statusCode() != expected) {
                outcome += " " + abbreviate(response.body());
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            outcome = e.getClass().getSimpleName();
        }
        boolean acknowledged = response != null && response.statusCode() == expected;
        attempts.add(new Attempt(started, phase, kind, acknowledged ? String.valueOf(expected) : outcome, acknowledged));
        return acknowledged ? response : null;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 120 ? body.substring(0, 120) + "…" : body;
    }

    private String declare(String department, String title) throws InterruptedException {
        HttpResponse<String> response = attempt("declare", 201, () -> call("POST",
                stack.service("incident-service").url() + "/api/v1/incidents", prefect(department), null, """
                        {"title": {"fr": "%s"}, "description": {"fr": "Le 15 ne répond plus."},
                         "services": ["15"], "territories": ["department:%s"]}""".formatted(title, department)));
        if (response == null) {
            return null;
        }
        JsonNode incident = read(response);
        String id = incident.path("id").asText();
        accepted.put(id, incident.path("version").asLong());
        messages.put(id, new CopyOnWriteArrayList<>());
        departments.put(id, department);
        return id;
    }

    /** The current version (not the last acknowledged: a change may have committed without its answer), then the change. */
    private void update(String id, String message) throws InterruptedException {
        String url = stack.service("incident-service").url() + "/api/v1/incidents/" + id;
        String department = departments.get(id);
        HttpResponse<String> response = attempt("update", 200, () -> {
            HttpResponse<String> current = call("GET", url, prefect(department), null, null);
            if (current.statusCode() != 200) {
                return current;
            }
            if (read(current).path("status").asText().equals("RESOLVED")) {
                // A resolution committed without its answer reaching us: nothing to update.
                resolved.add(id);
                return null;
            }
            return call("POST", url + "/updates", prefect(department), current.headers().firstValue("ETag").orElseThrow(),
                    "{\"message\": {\"fr\": \"" + message + "\"}}");
        });
        if (response != null) {
            accepted.merge(id, read(response).path("version").asLong(), Math::max);
            messages.get(id).add(message);
        }
    }

    private void resolve(String id, String message) throws InterruptedException {
        String url = stack.service("incident-service").url() + "/api/v1/incidents/" + id;
        String department = departments.get(id);
        HttpResponse<String> response = attempt("resolve", 200, () -> {
            HttpResponse<String> current = call("GET", url, prefect(department), null, null);
            if (current.statusCode() != 200) {
                return current;
            }
            if (read(current).path("status").asText().equals("RESOLVED")) {
                resolved.add(id);
                return null;
            }
            return call("POST", url + "/resolve", prefect(department), current.headers().firstValue("ETag").orElseThrow(),
                    "{\"message\": {\"fr\": \"" + message + "\"}}");
        });
        if (response != null) {
            accepted.merge(id, read(response).path("version").asLong(), Math::max);
            messages.get(id).add(message);
            resolved.add(id);
        }
    }

    /** Resolves an incident at a moment chosen by the test; must be acknowledged within a minute. */
    private void resolveNow(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            resolve(id, "Service rétabli");
            return resolved.contains(id);
        });
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Accepted incidents whose public version is not the authority's: the signed CAP message of the latest version
     * ({@code -v<version>}, an all-clear once resolved) and, while in force, the notices of its department.
     */
    private List<String> lost(Map<String, JsonNode> truth) throws IOException, InterruptedException {
        List<String> lost = new ArrayList<>();
        String base = stack.service("dissemination-service").url();
        Map<String, JsonNode> notices = new HashMap<>();
        for (Map.Entry<String, JsonNode> incident : truth.entrySet()) {
            String id = incident.getKey();
            long version = incident.getValue().path("version").asLong();
            boolean inForce = Set.of("ACTIVE", "MONITORING").contains(incident.getValue().path("status").asText());
            HttpResponse<String> cap = call("GET", base + "/cap/" + id + ".xml", null, null, null);
            boolean current = cap.statusCode() == 200 && cap.body().contains("-v" + version + "</identifier>")
                    && (inForce || cap.body().contains("AllClear"));
            if (inForce) {
                JsonNode department = notices.computeIfAbsent(departments.get(id), d -> {
                    try {
                        return JSON.readTree(call("GET", base + "/api/v1/notices?territory=" + d, null, null, null).body());
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                boolean listed = false;
                for (JsonNode notice : department.path("incidents")) {
                    listed |= notice.path("id").asText().equals(id) && notice.path("version").asLong() == version;
                }
                current &= listed;
            }
            if (!current) {
                lost.add(id);
            }
        }
        return lost;
    }

    private void register(String network, String department, String credentials, String target, String baseUrl)
            throws IOException, InterruptedException {
        Map<String, String> account = new TreeMap<>(Map.of("network", network, "territory", "department:" + department,
                "name", "Préfecture " + department + " (" + network + ")", "credentials", credentials));
        if (target != null) {
            account.put("target", target);
        }
        if (baseUrl != null) {
            account.put("baseUrl", baseUrl);
        }
        HttpResponse<String> created = call("POST", stack.service("broadcast-service").url() + "/api/v1/social-accounts",
                keys.token("ministere", "Ministère", "ministry", List.of("FR"), "Ministère de l’Intérieur", Duration.ofHours(2)),
                null, JSON.writeValueAsString(account));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private String prefect(String department) {
        return keys.token("prefet-" + department, "Préfet " + department, "prefecture", List.of("department:" + department),
                "Préfecture " + department, Duration.ofHours(2));
    }

    /** One JSON call with an optional bearer token and If-Match (PlannedWorksIT uses it too). */
    static HttpResponse<String> call(String method, String url, String token, String ifMatch, String body)
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
