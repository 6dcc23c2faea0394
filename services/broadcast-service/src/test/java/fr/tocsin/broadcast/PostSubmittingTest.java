package fr.tocsin.broadcast;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.broadcast.delivery.persistence.DeliveryLedger;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A post to a network without idempotency keys is noted submitting, committed, before its request; the outcome's
 * commit deletes the note. A note left behind is what a sender killed mid-post leaves (its claim rolled back, the row
 * PENDING again): the delivery is then recorded UNKNOWN, not posted a second time, until an operator re-drives it.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
@WithTestResource(NetworkStubs.class)
class PostSubmittingTest extends NetworkStubTest {

    @Inject
    DeliveryLedger ledger;

    private static final String TELEGRAM_OK = """
            {"ok":true,"result":{"message_id":7,"chat":{"id":-100999,"username":"mende","type":"channel"},
             "date":1795000000,"text":"…"}}""";

    @Test
    void aPostNotedSubmittingByASenderThatStoppedIsRecordedUnknownNotPostedAgainUntilRedriven() {
        wiremock.stubFor(post(urlPathMatching("/bot.*/sendMessage")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TELEGRAM_OK)));
        String account = telegramAccount("@mende_unknown");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        // As a kill -9 leaves it: the note committed before the request, the claim (and its outcome) rolled back.
        noteLeftBehind(delivery);
        insertPending(delivery, account, subject);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject)
                .body("[0].status", equalTo("UNKNOWN")).body("[0].lastError", startsWith("perhaps posted")));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage")))).isEmpty());
        assertThat(notes(delivery)).isZero();

        // The operator found it missing on the channel: re-driven, posted once.
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).queryParam("incident", subject)
                .post("/api/v1/deliveries/redrive").then().statusCode(200).body("redriven", equalTo(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject).body("[0].status", equalTo("SENT")));
        assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage")))).hasSize(1);
        assertThat(notes(delivery)).isZero();
    }

    @Test
    void theNoteIsCommittedBeforeTheRequestAndDeletedWithTheOutcome() {
        // The network takes 1.5 s to answer (the tests' read timeout is 3 s): long enough to see the note meanwhile.
        wiremock.stubFor(post(urlPathMatching("/bot.*/sendMessage")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1_500).withHeader("Content-Type", "application/json").withBody(TELEGRAM_OK)));
        String account = telegramAccount("@mende_noted");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        insertPending(delivery, account, subject);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> notes(delivery) == 1);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from delivery where id = ? and status = 'SENT'",
                delivery)).as("noted before the answer").isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject).body("[0].status", equalTo("SENT")));
        assertThat(notes(delivery)).isZero();
        assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage")))).hasSize(1);
    }

    @Test
    void aWebhookReceiverDeduplicatesSoANotedPartIsPostedAgainUnderItsKey() {
        wiremock.stubFor(post("/hooks/noted").willReturn(aResponse().withStatus(204)));
        registerAccount(Map.of("network", "WEBHOOK", "territory", "department:48", "name", "Partenaire " + UUID.randomUUID(),
                "baseUrl", wiremock.baseUrl() + "/hooks/noted", "credentials", "test-webhook"));
        String account = accountId("find { it.baseUrl?.endsWith('/hooks/noted') }.id");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        noteLeftBehind(delivery);
        insertPending(delivery, account, subject);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject).body("[0].status", equalTo("SENT")));
        var posts = wiremock.findAll(postRequestedFor(urlEqualTo("/hooks/noted")));
        assertThat(posts).hasSize(1);
        assertThat(posts.getFirst().getHeader("webhook-id")).isEqualTo(delivery + "-0");
        assertThat(notes(delivery)).isZero();
    }

    @Test
    void aNotedPostParkedAsUnsendableLosesItsNoteAndSaysItMayBeOut() {
        String account = telegramAccount("@mende_parked");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        noteLeftBehind(delivery);
        insertPending(delivery, account, subject, "{\"parts\": []}"); // nothing readable to post: parked

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject)
                .body("[0].status", equalTo("FAILED"))
                .body("[0].lastError", containsString("perhaps posted already: a sender stopped while posting part 1")));
        assertThat(notes(delivery)).isZero();
    }

    @Test
    void aNotedPostSupersededByNewerNumbersLosesItsNote() {
        String account = telegramAccount("@mende_superseded");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        noteLeftBehind(delivery);
        // Not due for an hour, from its insert on (a worker that claimed it first would record it UNKNOWN): only the
        // newer version's planning touches it.
        TestDatabase.execute("broadcast", "insert into delivery (id, account_id, subject, version, kind, status, payload,"
                + " next_attempt_at) values ('" + delivery + "', '" + account + "', '" + subject + "', 1, 'DECLARED',"
                + " 'PENDING', '" + PARTS + "', now() + interval '1 hour')");

        QuarkusTransaction.requiringNew().run(() -> ledger.supersedeOlderPending(UUID.fromString(account), subject, 2));

        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from delivery where id = ? and status = 'SUPERSEDED'",
                delivery)).isEqualTo(1);
        assertThat(notes(delivery)).isZero();
    }

    @Test
    void aBlueskyPartAStoppedSenderMayHavePostedIsFoundOnTheAccountAndRecordedNotPostedAgain() {
        String account = blueskyAccount("Cévennes");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        noteLeftBehind(delivery, "now() - interval '1 minute'");
        insertPending(delivery, account, subject);
        listedRecords(record("3lbqolder2k", "Un autre message", Instant.now().minusSeconds(30)),
                record("3lbqfound2k", TEXT, Instant.now().minusSeconds(50)),
                record("3lbqolder1k", TEXT, Instant.now().minus(Duration.ofHours(2))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject).body("[0].status", equalTo("SENT"))
                .body("[0].remoteUrl", equalTo("https://bsky.app/profile/did:plc:prefet48xyz/post/3lbqfound2k")));
        assertThat(TestDatabase.query("broadcast", "select remote_ids from delivery where id = ?", delivery).getFirst().getFirst())
                .contains("at://did:plc:prefet48xyz/app.bsky.feed.post/3lbqfound2k bafyfound");
        assertThat(recordsCreated()).isEmpty();
        assertThat(notes(delivery)).isZero();
    }

    @Test
    void aBlueskyPartNotOnTheAccountIsPostedOnceAfterTheStoppedSendersRequestSurelyEnded() {
        String account = blueskyAccount("Florac");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        noteLeftBehind(delivery, "now()"); // a moment ago: its request may still be under way (read timeout 3 s here)
        insertPending(delivery, account, subject);
        listedRecords(record("3lbqolder1k", TEXT, Instant.now().minus(Duration.ofHours(2)))); // an older incident's
        created();

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(listings()).isEmpty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject).body("[0].status", equalTo("SENT")));
        assertThat(listings()).hasSize(1);
        assertThat(recordsCreated()).hasSize(1);
        assertThat(notes(delivery)).isZero();
    }

    @Test
    void whileTheBlueskyAccountCannotBeListedNothingIsPostedAndTheNoteStands() {
        String account = blueskyAccount("Langogne");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        noteLeftBehind(delivery, "now() - interval '1 minute'");
        insertPending(delivery, account, subject);
        wiremock.stubFor(get(urlPathMatching("/xrpc/com.atproto.repo.listRecords")).willReturn(aResponse().withStatus(502)));
        created();

        await().atMost(Duration.ofSeconds(30)).until(() -> listings().size() >= 2);
        deliveries(subject).body("[0].status", equalTo("PENDING"));
        assertThat(recordsCreated()).isEmpty();
        assertThat(notes(delivery)).isOne();

        listedRecords(record("3lbqfound3k", TEXT, Instant.now().minusSeconds(50)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject).body("[0].status", equalTo("SENT")));
        assertThat(recordsCreated()).isEmpty();
        assertThat(notes(delivery)).isZero();
    }

    @Test
    void aBlueskyPostAnswered503MayBeOutSoItsNextTryLooksFirstWhileA429IsRetriedAtOnce() {
        String account = blueskyAccount("Marvejols");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        listedRecords(); // nothing there: posted on the next try
        wiremock.stubFor(post("/xrpc/com.atproto.repo.createRecord").inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("limited"));
        wiremock.stubFor(post("/xrpc/com.atproto.repo.createRecord").inScenario("flaky").whenScenarioStateIs("limited")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        wiremock.stubFor(post("/xrpc/com.atproto.repo.createRecord").inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"uri":"at://did:plc:prefet48xyz/app.bsky.feed.post/3lbqnew004k","cid":"bafynew4"}""")));
        insertPending(delivery, account, subject);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject).body("[0].status", equalTo("SENT")));
        List<LoggedRequest> posts = recordsCreated();
        List<LoggedRequest> looks = listings();
        assertThat(posts).hasSize(3);
        assertThat(looks).as("one look, after the 503 and before the third try").hasSize(1);
        assertThat(looks.getFirst().getLoggedDate()).isAfter(posts.get(1).getLoggedDate()).isBefore(posts.get(2).getLoggedDate());
        assertThat(notes(delivery)).isZero();
    }

    @Test
    void aFacebookPostAStoppedSenderMadeIsFoundOnThePageAndRecordedNotPostedAgain() {
        registerAccount(Map.of("network", "FACEBOOK", "territory", "department:48", "name", "Préfet de la Lozère (kill)",
                "target", "104800048", "credentials", "test-facebook"));
        String account = accountId("find { it.target == '104800048' }.id");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        noteLeftBehind(delivery, "now() - interval '1 minute'");
        insertPending(delivery, account, subject);
        wiremock.stubFor(get(urlPathMatching("/104800048/published_posts")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"data":[{"id":"104800048_8800001","message":"%s","created_time":"%s"}],
                         "paging":{"cursors":{"before":"QVFIUb1","after":"QVFIUa1"}}}""".formatted(TEXT,
                        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
                                .format(Instant.now().minusSeconds(50).atOffset(java.time.ZoneOffset.UTC))))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject).body("[0].status", equalTo("SENT"))
                .body("[0].remoteUrl", equalTo("https://www.facebook.com/104800048_8800001")));
        assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/104800048/feed")))).isEmpty();
        assertThat(notes(delivery)).isZero();
    }

    /**
     * Telegram has no idempotency key and cannot read a channel back: a post answered 502 may be out, so it is
     * recorded UNKNOWN at once, as a killed sender's would be, rather than tried again blindly.
     */
    @Test
    void aTelegramPostAnswered502IsRecordedUnknownNotTriedAgainBlindly() {
        wiremock.stubFor(post(urlPathMatching("/bot.*/sendMessage")).willReturn(aResponse().withStatus(502)
                .withBody("<html><h1>502 Bad Gateway</h1></html>")));
        String account = telegramAccount("@mende_502");
        String subject = UUID.randomUUID().toString();
        UUID delivery = UUID.randomUUID();
        insertPending(delivery, account, subject);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(subject)
                .body("[0].status", equalTo("UNKNOWN")).body("[0].attempts", equalTo(1))
                .body("[0].lastError", startsWith("perhaps posted: Telegram answered 502"))
                .body("[0].lastError", containsString("part 1 of 1")));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage")))).hasSize(1));
        assertThat(notes(delivery)).isZero();
    }

    /**
     * X refuses a repeat of a recent post, so a part answered 503 is tried again: posted then, it is SENT; had the 503
     * hidden a post, X's duplicate refusal records it UNKNOWN ("posted already"), never shown twice.
     */
    @Test
    void anXPostAnswered503IsTriedAgainAndADuplicateRefusalMeansItWasOut() {
        registerAccount(Map.of("network", "X", "territory", "department:48", "name", "Préfète de la Lozère (X, 503)",
                "target", "Prefete48", "credentials", "test-x"));
        String account = accountId("find { it.name == 'Préfète de la Lozère (X, 503)' }.id");
        String recovered = UUID.randomUUID().toString();
        String hidden = UUID.randomUUID().toString();
        for (String word : List.of("Langogne", "Florac")) {
            wiremock.stubFor(post("/2/tweets").withRequestBody(containing(word)).inScenario(word)
                    .whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("again"));
        }
        wiremock.stubFor(post("/2/tweets").withRequestBody(containing("Langogne")).inScenario("Langogne")
                .whenScenarioStateIs("again").willReturn(aResponse().withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"id\":\"1860000000000000048\",\"text\":\"…\"}}")));
        wiremock.stubFor(post("/2/tweets").withRequestBody(containing("Florac")).inScenario("Florac")
                .whenScenarioStateIs("again").willReturn(aResponse().withStatus(403)
                        .withHeader("Content-Type", "application/json").withBody("""
                                {"detail":"You are not allowed to create a Tweet with duplicate content.",
                                 "type":"about:blank","title":"Forbidden","status":403}""")));
        insertPending(UUID.randomUUID(), account, recovered, "{\"parts\": [\"Le 17 ne répond plus à Langogne\"]}");
        insertPending(UUID.randomUUID(), account, hidden, "{\"parts\": [\"Le 17 ne répond plus à Florac\"]}");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(recovered)
                .body("[0].status", equalTo("SENT")).body("[0].attempts", equalTo(2)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(hidden)
                .body("[0].status", equalTo("UNKNOWN")).body("[0].attempts", equalTo(2))
                .body("[0].lastError", startsWith("posted already: X refused it as a duplicate")));
        assertThat(wiremock.findAll(postRequestedFor(urlEqualTo("/2/tweets")))).hasSize(4);
    }

    private List<LoggedRequest> listings() {
        return wiremock.findAll(getRequestedFor(urlPathMatching("/xrpc/com.atproto.repo.listRecords")));
    }

    private List<LoggedRequest> recordsCreated() {
        return wiremock.findAll(postRequestedFor(urlPathMatching("/xrpc/com.atproto.repo.createRecord")));
    }

    private static final String TEXT = "Le 17 ne répond plus à Mende : appelez le 04 65 71 00 17";

    private String blueskyAccount(String name) {
        wiremock.stubFor(post("/xrpc/com.atproto.server.createSession").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"did":"did:plc:prefet48xyz","handle":"prefet48.bsky.social","accessJwt":"eyJ.access.jwt",
                         "refreshJwt":"eyJ.refresh.jwt","active":true}""")));
        registerAccount(Map.of("network", "BLUESKY", "territory", "department:48", "name", name + " " + UUID.randomUUID(),
                "credentials", "test-bluesky-48"));
        return accountId("find { it.name.startsWith('" + name + " ') }.id");
    }

    private static String record(String rkey, String text, Instant createdAt) {
        return """
                {"uri":"at://did:plc:prefet48xyz/app.bsky.feed.post/%s","cid":"bafy%s",
                 "value":{"$type":"app.bsky.feed.post","text":"%s","langs":["fr"],"createdAt":"%s"}}"""
                .formatted(rkey, rkey.substring(4, 9), text, createdAt);
    }

    /** The repo's posts, newest first, as com.atproto.repo.listRecords answers them (a cursor to more, if any). */
    private void listedRecords(String... records) {
        wiremock.stubFor(get(urlPathMatching("/xrpc/com.atproto.repo.listRecords"))
                .withQueryParam("repo", com.github.tomakehurst.wiremock.client.WireMock.equalTo("did:plc:prefet48xyz"))
                .withQueryParam("collection", com.github.tomakehurst.wiremock.client.WireMock.equalTo("app.bsky.feed.post"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"records\":[" + String.join(",", records) + "]"
                                + (records.length == 0 ? "}" : ",\"cursor\":\"3lbqolder1k\"}"))));
    }

    private void created() {
        wiremock.stubFor(post("/xrpc/com.atproto.repo.createRecord").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"uri":"at://did:plc:prefet48xyz/app.bsky.feed.post/3lbqnew002k","cid":"bafynew",
                         "commit":{"cid":"bafyreid","rev":"3lbqnew003k"},"validationStatus":"valid"}""")));
    }

    private String telegramAccount(String chat) {
        registerAccount(Map.of("network", "TELEGRAM", "territory", "commune:48095", "name", "Ville de Mende " + chat,
                "target", chat, "credentials", "test-telegram"));
        return accountId("find { it.target == '" + chat + "' }.id");
    }

    private static String accountId(String path) {
        return given().header("Authorization", Tokens.bearer(Tokens.ministry())).get("/api/v1/social-accounts")
                .then().statusCode(200).extract().jsonPath().getString(path);
    }

    private static void noteLeftBehind(UUID delivery) {
        noteLeftBehind(delivery, "now()");
    }

    private static void noteLeftBehind(UUID delivery, String notedAt) {
        TestDatabase.execute("broadcast", "insert into post_submitting (delivery_id, part, noted_at) values ('" + delivery
                + "', 0, " + notedAt + ")");
    }

    private static final String PARTS = "{\"parts\": [\"" + TEXT + "\"]}";

    private static void insertPending(UUID delivery, String account, String subject) {
        insertPending(delivery, account, subject, PARTS);
    }

    private static void insertPending(UUID delivery, String account, String subject, String payload) {
        TestDatabase.execute("broadcast", "insert into delivery (id, account_id, subject, version, kind, status, payload) "
                + "values ('" + delivery + "', '" + account + "', '" + subject + "', 1, 'DECLARED', 'PENDING', '"
                + payload + "')");
    }

    private static io.restassured.response.ValidatableResponse deliveries(String subject) {
        return given().header("Authorization", Tokens.bearer(Tokens.ministry())).queryParam("incident", subject)
                .get("/api/v1/deliveries").then().statusCode(200);
    }

    private static long notes(UUID delivery) {
        return TestDatabase.queryLong("broadcast", "select count(*) from post_submitting where delivery_id = ?", delivery);
    }
}
