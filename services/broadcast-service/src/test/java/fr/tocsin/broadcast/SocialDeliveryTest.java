package fr.tocsin.broadcast;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.broadcast.delivery.DeliveryMetrics;
import fr.tocsin.broadcast.delivery.DeliveryPlanner;
import fr.tocsin.broadcast.delivery.DeliveryWorker;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.Metrics;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

/**
 * From incident events to posts: routing to the affected territories' accounts, one post per account and
 * version however often the event is delivered, updates in the thread of the first post, retries honouring
 * 429, parking and re-driving, and competing workers never sending a delivery twice.
 * Territories here (Lozère, Cantal, Creuse) are used by no other test, so their accounts see only these events.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
@WithTestResource(NetworkStubs.class)
class SocialDeliveryTest extends NetworkStubTest {

    @Inject
    DeliveryWorker worker;

    @Inject
    DeliveryPlanner planner;

    @Inject
    DeliveryMetrics deliveryMetrics;

    @Test
    void anIncidentGoesOnceToEachAffectedAccountUpdatesFollowInItsThreadAndExercisesOnlyToTestAccounts() {
        mastodonOk("/m48");
        wiremock.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"1859000000000000001\",\"text\":\"…\"}}")));
        wiremock.stubFor(post(urlPathMatching("/bot.*/sendMessage")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"ok":true,"result":{"message_id":7,"chat":{"id":-100999,"username":"mende","type":"channel"},
                         "date":1795000000,"text":"…"}}""")));
        wiremock.stubFor(post("/hooks/national").willReturn(aResponse().withStatus(204)));
        register("MASTODON", "department:48", "Préfète de la Lozère (Mastodon)", null, null, "test-mastodon-m48", false);
        register("X", "department:48", "Préfète de la Lozère (X)", null, "Prefete48", "test-x", false);
        register("TELEGRAM", "commune:48095", "Ville de Mende", null, "@mende", "test-telegram", false);
        register("MASTODON", "department:12", "Préfet de l’Aveyron", null, null, "test-mastodon-m12", false);
        register("WEBHOOK", "FR", "Média partenaire (exercices)", wiremock.baseUrl() + "/hooks/national", null, "test-webhook", true);

        UUID id = UUID.randomUUID();
        IncidentSnapshot declared = Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Le 17 ne répond plus en Lozère",
                List.of("17"), "department:48");
        publish(IncidentEventType.DECLARED, declared);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(posts("/m48/api/v1/statuses")).hasSize(1);
            assertThat(posts("/2/tweets")).hasSize(1);
            assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage")))).hasSize(1);
        });
        LoggedRequest first = posts("/m48/api/v1/statuses").getFirst();
        assertThat(first.getBodyAsString()).contains("Le 17 ne répond plus en Lozère").contains("#Tocsin #Lozere")
                .contains("/incidents/" + id);

        // The same event delivered again (a rebalance, a restart): nothing more goes out, on any network.
        publish(IncidentEventType.DECLARED, declared);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(posts("/m48/api/v1/statuses")).hasSize(1);
            assertThat(posts("/2/tweets")).hasSize(1);
            assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage")))).hasSize(1);
        });
        IncidentSnapshot monitoring = Incidents.snapshot(id, 2, IncidentStatus.MONITORING, "Le 17 ne répond plus en Lozère",
                List.of("17"), "department:48");
        publish(IncidentEventType.UPDATED, monitoring);
        publish(IncidentEventType.RESOLVED, Incidents.snapshot(id, 3, IncidentStatus.RESOLVED,
                "Le 17 ne répond plus en Lozère", List.of("17"), "department:48"));
        publish(IncidentEventType.UPDATED, monitoring);
        // Every network's three posts, and the ledger saying so, before anything is asserted about them.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(posts("/m48/api/v1/statuses")).hasSize(3);
            assertThat(posts("/2/tweets")).hasSize(3);
            assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage")))).hasSize(3);
            given().header("Authorization", Tokens.bearer(Tokens.prefecture("48"))).get("/api/v1/deliveries?incident=" + id)
                    .then().statusCode(200)
                    .body("size()", equalTo(9))
                    .body("status", everyItem(equalTo("SENT")));
        });
        List<LoggedRequest> thread = posts("/m48/api/v1/statuses");
        assertThat(thread.get(1).getBodyAsString()).contains("Mise à jour").contains("\"in_reply_to_id\":\"m48-1\"");
        assertThat(thread.get(2).getBodyAsString()).contains("Service rétabli").contains("\"in_reply_to_id\":\"m48-2\"");
        assertThat(posts("/m12/api/v1/statuses")).as("Aveyron is not concerned").isEmpty();
        assertThat(posts("/hooks/national")).as("an actual alert never goes to a test account").isEmpty();

        given().header("Authorization", Tokens.bearer(Tokens.prefecture("48"))).get("/api/v1/deliveries?incident=" + id)
                .then().statusCode(200)
                .body("size()", equalTo(9))
                .body("findAll { it.network == 'MASTODON' }.remoteUrl", everyItem(org.hamcrest.Matchers.startsWith("https://social.example/@prefet/m48-")));
        given().get("/api/v1/deliveries?incident=" + id).then().statusCode(401);

        // An exercise reaches only the accounts flagged for tests (here the national partner webhook).
        UUID exercise = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(IncidentMode.EXERCISE, exercise, 1, IncidentStatus.ACTIVE,
                "Exercice : panne du 18", List.of("18"), "department:48"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(posts("/hooks/national")).hasSize(1));
        // …and never to the others: their journals hold still while the exercise's deliveries could still go out.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(posts("/m48/api/v1/statuses")).hasSize(3);
            assertThat(posts("/2/tweets")).hasSize(3);
            assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage")))).hasSize(3);
        });
    }

    @Test
    void aRateLimitIsWaitedOutFailuresAreParkedVisiblyAndRedriven() {
        wiremock.stubFor(post("/m15/api/v1/statuses").inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{\"error\":\"Too many requests\"}"))
                .willSetStateTo("open"));
        wiremock.stubFor(post("/m15/api/v1/statuses").inScenario("rate").whenScenarioStateIs("open")
                .willReturn(okStatus("m15-1")));
        wiremock.stubFor(post("/m23/api/v1/statuses").willReturn(aResponse().withStatus(502).withBody("Bad gateway")));
        register("MASTODON", "department:15", "Préfet du Cantal", null, null, "test-mastodon-m15", false);
        register("MASTODON", "department:23", "Préfète de la Creuse", null, null, "test-mastodon-m23", false);

        Metrics before = scrape();
        UUID cantal = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(cantal, 1, IncidentStatus.ACTIVE, "Le 15 ne répond plus dans le Cantal",
                List.of("15"), "department:15"));
        // While it waits out the Retry-After (1 s), the delivery is pending: the gauge, read from the ledger, says so.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            deliveryMetrics.refreshPending();
            assertThat(scrape().sum("tocsin_deliveries_pending", "network", "MASTODON")).isNotNaN()
                    .isGreaterThanOrEqualTo(before.sum("tocsin_deliveries_pending", "network", "MASTODON") + 1);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(posts("/m15/api/v1/statuses")).hasSize(2));
        List<LoggedRequest> tries = posts("/m15/api/v1/statuses");
        assertThat(Duration.between(tries.get(0).getLoggedDate().toInstant(), tries.get(1).getLoggedDate().toInstant()))
                .as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(tries.get(0).getHeader("Idempotency-Key")).isEqualTo(tries.get(1).getHeader("Idempotency-Key"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(Tokens.ministry()))
                .get("/api/v1/deliveries?incident=" + cantal).then().body("[0].status", equalTo("SENT"))
                .body("[0].attempts", equalTo(2)));
        assertThat(delta(before, "MASTODON", "SENT")).as("tocsin_deliveries_total{MASTODON,SENT}").isGreaterThanOrEqualTo(1);
        assertThat(delta(before, "MASTODON", "FAILED")).as("a retried 429 is no failure").isZero();

        UUID creuse = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(creuse, 1, IncidentStatus.ACTIVE, "Le 18 ne répond plus dans la Creuse",
                List.of("18"), "department:23"));
        // max-attempts is 4 in the test profile.
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(Tokens.ministry()))
                .get("/api/v1/deliveries?incident=" + creuse).then().body("[0].status", equalTo("FAILED"))
                .body("[0].attempts", equalTo(4)).body("[0].lastError", org.hamcrest.Matchers.containsString("502")));
        assertThat(posts("/m23/api/v1/statuses")).hasSize(4);
        assertThat(delta(before, "MASTODON", "FAILED")).as("parked: tocsin_deliveries_total{MASTODON,FAILED}").isEqualTo(1);

        wiremock.stubFor(post("/m23/api/v1/statuses").willReturn(okStatus("m23-1")));
        // Another department's prefecture may not re-drive Creuse's account (Creuse's prefecture or the ministry may).
        given().header("Authorization", Tokens.bearer(Tokens.prefecture("87"))).post("/api/v1/deliveries/redrive?incident=" + creuse)
                .then().statusCode(403);
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).post("/api/v1/deliveries/redrive?incident=" + creuse)
                .then().statusCode(200).body("redriven", equalTo(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(Tokens.ministry()))
                .get("/api/v1/deliveries?incident=" + creuse).then().body("[0].status", equalTo("SENT"))
                .body("[0].remoteIds", equalTo("[\"m23-1\"]")));
    }

    @Test
    void competingWorkersNeverSendTheSameDeliveryTwice() throws Exception {
        // Slow answers keep deliveries in flight while other workers (here 8 in the service + 6 more threads,
        // each in its own transaction and connection, as a second instance would be) look for work.
        wiremock.stubFor(post(urlPathMatching("/m2\\d/api/v1/statuses")).willReturn(okStatus("x").withFixedDelay(150)));
        List<String> codes = List.of("21", "24", "25", "26", "27", "28", "29");
        for (String code : codes) {
            register("MASTODON", "department:" + code, "Préfecture " + code, null, null, "test-mastodon-m" + code, false);
        }
        ExecutorService rivals = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        for (int i = 0; i < 6; i++) {
            running.add(rivals.submit(() -> {
                while (System.nanoTime() < until) {
                    if (!QuarkusTransaction.requiringNew().call(worker::sendNext)) {
                        Thread.sleep(20);
                    }
                }
                return null;
            }));
        }
        for (int n = 0; n < 5; n++) {
            for (String code : codes) {
                publish(IncidentEventType.DECLARED, Incidents.snapshot(UUID.randomUUID(), 1, IncidentStatus.ACTIVE,
                        "Panne " + n + " en " + code, List.of("18"), "department:" + code));
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/m2\\d/api/v1/statuses")))).hasSize(35));
        for (Future<?> rival : running) {
            rival.get();
        }
        rivals.shutdown();
        Map<String, Long> perKey = wiremock.findAll(postRequestedFor(urlPathMatching("/m2\\d/api/v1/statuses"))).stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("Idempotency-Key"), Collectors.counting()));
        assertThat(perKey).hasSize(35).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
        // The stub logs a post when it arrives, 150 ms before answering: the last commits may still be under way.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestDatabase.queryLong("broadcast",
                "select count(*) from delivery d join social_account a on a.id = d.account_id "
                + "where a.territory in ('department:21','department:24','department:25','department:26','department:27',"
                + "'department:28','department:29') and d.status = 'SENT'")).isEqualTo(35));
    }

    @Test
    void theRegistryRefusesBadAccountsNamingTheFieldAndNeedsAMinistry() {
        Map<String, Object> good = Map.of("network", "MASTODON", "territory", "department:17", "name", "Préfet",
                "credentials", "test-mastodon");
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType(ContentType.JSON)
                .body(Map.of("network", "MYSPACE", "territory", "department:17", "name", "x", "baseUrl", "https://x",
                        "credentials", "c"))
                .post("/api/v1/social-accounts").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("network"));
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType(ContentType.JSON)
                .body(Map.of("network", "MASTODON", "territory", "department:17", "name", "x", "baseUrl", "ftp://nope",
                        "credentials", "c"))
                .post("/api/v1/social-accounts").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("baseUrl"));
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType(ContentType.JSON)
                .body(Map.of("network", "MASTODON", "territory", "department:999", "name", "x", "baseUrl", "https://x",
                        "credentials", "c"))
                .post("/api/v1/social-accounts").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("territory"));
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType(ContentType.JSON).body("{\"network\": ")
                .post("/api/v1/social-accounts").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer(Tokens.prefecture("17"))).contentType(ContentType.JSON).body(good)
                .post("/api/v1/social-accounts").then().statusCode(403);
        given().contentType(ContentType.JSON).body(good).post("/api/v1/social-accounts").then().statusCode(401);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from social_account where territory = 'department:17'"))
                .isZero();
    }

    @Test
    void planningTheSameVersionTwiceAddsNothingToTheLedger() {
        wiremock.stubFor(post("/m16/api/v1/statuses").willReturn(okStatus("m16-1")));
        register("MASTODON", "department:16", "Préfète de la Charente", null, null, "test-mastodon-m16", false);
        IncidentSnapshot incident = Incidents.snapshot(UUID.randomUUID(), 1, IncidentStatus.ACTIVE, "Le 15 ne répond plus en Charente",
                List.of("15"), "department:16");
        // As two instances, or one after a crash between persisting and committing, would: the ledger is the guard.
        assertThat(planner.plan(incident, null)).isEqualTo(1);
        assertThat(planner.plan(incident, null)).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(posts("/m16/api/v1/statuses")).hasSize(1));
        assertThat(planner.plan(incident, null)).isZero();
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from delivery where subject = '" + incident.id() + "'"))
                .isEqualTo(1);
    }

    @Test
    void aChangeOfFallbackNumbersGoesToThatTerritorysAccountsNewestFirstNeverLate() {
        mastodonOk("/m19");
        register("MASTODON", "department:19", "Préfet de la Corrèze", null, null, "test-mastodon-m19", false);
        register("MASTODON", "FR", "Gouvernement", null, null, "test-mastodon-mfr", false);
        // 05 36 49 xx xx: a range ARCEP reserves for fiction.
        publishNumbers(7, List.of(new LiveNumber("15", 1, "+33536490019", "05 36 49 00 19", "SAMU de la Corrèze", null, List.of())));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(posts("/m19/api/v1/statuses")).hasSize(1));
        assertThat(posts("/m19/api/v1/statuses").getFirst().getBodyAsString())
                .contains("Corrèze — numéros à appeler maintenant").contains("SAMU : 05 36 49 00 19").contains("/departements/19");
        // Another incident now relies on the same number: same numbers, same post, so no second one.
        publishNumbers(8, List.of(new LiveNumber("15", 1, "+33536490019", "05 36 49 00 19", "SAMU de la Corrèze", null,
                List.of(UUID.randomUUID(), UUID.randomUUID()))));
        // A late, older set says nothing new; the withdrawal is posted.
        publishNumbers(6, List.of(new LiveNumber("15", 1, "+33536490018", "05 36 49 00 18", "Ancien", null, List.of())));
        publishNumbers(9, List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(posts("/m19/api/v1/statuses")).hasSize(2));
        assertThat(posts("/m19/api/v1/statuses").get(1).getBodyAsString()).contains("retirés").doesNotContain("05 36 49 00 18");
        assertThat(posts("/mfr/api/v1/statuses")).as("numbers are the territory's own news").isEmpty();
    }

    /**
     * A prefecture reads the deliveries to its own territories' accounts only, the ministry all of them; an error
     * stored before redaction is shown without its URL path and token (issue #14, finding 5). Maine-et-Loire (49)
     * and Mayenne (53) are used by no other test.
     */
    @Test
    void deliveriesAreReadWithinTheCallersTerritoriesAndErrorsAreShownRedacted() {
        mastodonOk("/m49");
        mastodonOk("/m53");
        register("MASTODON", "department:49", "Préfet de Maine-et-Loire", null, null, "test-mastodon-m49", false);
        register("MASTODON", "department:53", "Préfet de la Mayenne", null, null, "test-mastodon-m53", false);
        UUID id = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Le 18 ne répond plus en Anjou et Mayenne",
                List.of("18"), "department:49", "department:53"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(Tokens.ministry()))
                .get("/api/v1/deliveries?incident=" + id).then().statusCode(200).body("size()", equalTo(2))
                .body("status", everyItem(equalTo("SENT"))));
        given().header("Authorization", Tokens.bearer(Tokens.prefecture("49"))).get("/api/v1/deliveries?incident=" + id)
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].territory", equalTo("department:49"));
        given().header("Authorization", Tokens.bearer(Tokens.prefecture("53"))).get("/api/v1/deliveries?incident=" + id)
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].territory", equalTo("department:53"));
        given().header("Authorization", Tokens.bearer(Tokens.prefecture("75"))).get("/api/v1/deliveries?incident=" + id)
                .then().statusCode(200).body("size()", equalTo(0));
        given().header("Authorization", Tokens.bearer(Tokens.mayor("49007"))).get("/api/v1/deliveries?incident=" + id)
                .then().statusCode(403);

        // An error as stored before redaction (a transport message quoting the request line): shown host-only.
        TestDatabase.execute("broadcast", "update delivery set last_error = 'Telegram: NoStackTraceTimeoutException The "
                + "timeout period of 1000ms has been exceeded while executing POST /bot123456:telegram-test-token/sendMessage "
                + "for server https://api.telegram.org/bot123456:telegram-test-token/sendMessage' where subject = '" + id + "'");
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).get("/api/v1/deliveries?incident=" + id)
                .then().statusCode(200)
                .body("lastError", everyItem(org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("api.telegram.org"),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("telegram-test-token")))));
    }

    /**
     * A post failing in transport (a connection reset, then a timeout after a re-drive, whose messages quote the
     * request line with the bot token in its path) leaves neither the token in the delivery's error nor in any log
     * line (issue #14, finding 7). Isère (38) is used by no other test.
     */
    @Test
    void aTransportFailureLeavesTheBotTokenNeitherInTheLedgerNorInTheLogs() throws Exception {
        wiremock.stubFor(post(urlPathMatching("/bot.*/sendMessage")).inScenario("transport").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("slow"));
        // Slower than the test profile's 3 s read timeout.
        wiremock.stubFor(post(urlPathMatching("/bot.*/sendMessage")).inScenario("transport").whenScenarioStateIs("slow")
                .willReturn(aResponse().withStatus(200).withFixedDelay(6_000).withBody("{\"ok\":true}")));
        List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                String message = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                StringBuilder line = new StringBuilder(String.valueOf(message));
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                logged.add(line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            register("TELEGRAM", "department:38", "Préfet de l’Isère", null, "@prefet38", "test-telegram", false);
            UUID id = UUID.randomUUID();
            publish(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Le 17 ne répond plus en Isère",
                    List.of("17"), "department:38"));
            // The reset came after the request (Telegram may have posted it): UNKNOWN, for a person to re-drive; the
            // re-drive then times out, UNKNOWN again.
            for (int attempt = 1; attempt <= 2; attempt++) {
                int requests = attempt;
                // A re-drive starts the attempts over: one each time.
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    given().header("Authorization", Tokens.bearer(Tokens.ministry()))
                            .get("/api/v1/deliveries?incident=" + id).then().statusCode(200)
                            .body("[0].status", equalTo("UNKNOWN")).body("[0].attempts", equalTo(1));
                    assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage")))).hasSize(requests);
                });
                String stored = lastErrorStored(id);
                assertThat(stored).startsWith("perhaps posted: Telegram: ").contains("Exception")
                        .contains(java.net.URI.create(wiremock.baseUrl()).getHost())
                        .doesNotContain("telegram-test-token").doesNotContain("/bot").doesNotContain("sendMessage");
                if (attempt == 1) {
                    given().header("Authorization", Tokens.bearer(Tokens.ministry())).queryParam("incident", id.toString())
                            .post("/api/v1/deliveries/redrive").then().statusCode(200);
                }
            }
            assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage")))).hasSize(2);
            assertThat(logged).as("log lines").isNotEmpty().noneMatch(line -> line.contains("telegram-test-token"));
        } finally {
            root.removeHandler(capture);
        }
    }

    /** A partner answering with a redirect gets one request; the target of the redirect, none (issue #14, finding 6). */
    @Test
    void aRedirectingWebhookIsNotFollowed() {
        wiremock.stubFor(post("/hooks/moving").willReturn(aResponse().withStatus(302)
                .withHeader("Location", wiremock.baseUrl() + "/hooks/elsewhere")));
        wiremock.stubFor(post("/hooks/elsewhere").willReturn(aResponse().withStatus(204)));
        register("WEBHOOK", "department:36", "Partenaire de l’Indre", wiremock.baseUrl() + "/hooks/moving", null, "test-webhook", false);
        UUID id = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Le 15 ne répond plus dans l’Indre",
                List.of("15"), "department:36"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(Tokens.ministry()))
                .get("/api/v1/deliveries?incident=" + id).then().statusCode(200)
                .body("[0].status", equalTo("FAILED"))
                .body("[0].lastError", org.hamcrest.Matchers.containsString("302 (redirects are not followed)")));
        assertThat(posts("/hooks/moving")).hasSize(1);
        assertThat(posts("/hooks/elsewhere")).isEmpty();
    }

    /** The error as stored, not as the API shows it (the API redacts once more on the way out). */
    private static String lastErrorStored(UUID subject) throws java.sql.SQLException {
        fr.tocsin.testsupport.TestStack stack = fr.tocsin.testsupport.TestStack.get();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(stack.jdbcUrl("broadcast"),
                stack.jdbcUser(), stack.jdbcPassword());
             java.sql.PreparedStatement query = connection.prepareStatement("select last_error from delivery where subject = ?")) {
            query.setString(1, subject.toString());
            try (java.sql.ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static Metrics scrape() {
        return Metrics.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double delta(Metrics before, String network, String state) {
        return scrape().sum("tocsin_deliveries_total", "network", network, "state", state)
                - before.sum("tocsin_deliveries_total", "network", network, "state", state);
    }

    private static void publishNumbers(long version, List<LiveNumber> numbers) {
        LiveNumbersEvent event = new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                TerritoryRef.department("19"), version, numbers);
        TopicWriter.send(Topics.FALLBACK_NUMBERS, 0, event.key(), EventJson.write(event));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okStatus(String id) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + id + "\",\"url\":\"https://social.example/@prefet/" + id + "\",\"visibility\":\"public\"}");
    }

    /** Each post gets the next id of its instance path ("m48-1", "m48-2", …), as a real instance would. */
    private static void mastodonOk(String prefix) {
        for (int i = 1; i <= 5; i++) {
            wiremock.stubFor(post(prefix + "/api/v1/statuses").inScenario(prefix).whenScenarioStateIs(i == 1 ? Scenario.STARTED : "n" + i)
                    .willReturn(okStatus(prefix.substring(1) + "-" + i)).willSetStateTo("n" + (i + 1)));
        }
    }

    private static List<LoggedRequest> posts(String path) {
        return wiremock.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private void register(String network, String territory, String name, String baseUrl, String target, String credentials,
                          boolean testOnly) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("network", network, "territory", territory, "name", name,
                "credentials", credentials, "testOnly", testOnly));
        if (baseUrl != null) {
            body.put("baseUrl", baseUrl); // webhooks only: the other networks' hosts come from configuration
        }
        if (target != null) {
            body.put("target", target);
        }
        registerAccount(body);
    }

    private static void publish(IncidentEventType type, IncidentSnapshot incident) {
        IncidentEvent event = IncidentEvent.of(type, incident, Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }
}
