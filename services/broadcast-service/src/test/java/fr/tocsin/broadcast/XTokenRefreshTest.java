package fr.tocsin.broadcast;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.broadcast.networks.XAdapter;
import fr.tocsin.broadcast.networks.ChannelAdapter.Credentials;
import fr.tocsin.broadcast.networks.ChannelAdapter.DeliveryContext;
import fr.tocsin.broadcast.networks.ChannelAdapter.Destination;
import fr.tocsin.broadcast.networks.ChannelAdapter.OAuthRefresh;
import fr.tocsin.broadcast.networks.ChannelAdapter.SentPart;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.broadcast.delivery.persistence.DeliveryKind;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * X's OAuth 2.0 access tokens last two hours: they are refreshed against WireMock answering X's real token
 * endpoint shapes ({@code POST /2/oauth2/token}, form body, Basic auth for a confidential client; rotating refresh
 * tokens), ahead of expiry and after a 401, once however many workers post at the same time; a refused refresh
 * parks the delivery with a message saying to re-authorise. The token pair is read back from the database.
 * Department 09 (Ariège) is used by no other test.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
@WithTestResource(NetworkStubs.class)
class XTokenRefreshTest extends NetworkStubTest {

    static final String TOKEN_PATH = "/2/oauth2/token";
    static final DeliveryContext CONTEXT = new DeliveryContext("d1", "8a0c5a8e-6f0e-4b53-9a57-0d4c4e4bd2a1", 1,
            DeliveryKind.DECLARED, "https://tocsin.example.gouv.fr/incidents/8a0c5a8e-6f0e-4b53-9a57-0d4c4e4bd2a1");

    @Inject
    XAdapter x;

    @Test
    void anExpiredStoredTokenIsRefreshedBeforePostingAndTheRotatedRefreshTokenIsUsedForTheNextRefresh() {
        String name = unique("x-prefet59");
        store(name, "at-expired", "rt-1", Instant.now().minusSeconds(60), "rt-seed");
        tokenGrants("rt-1", "at-1", "rt-2");
        tokenGrants("rt-2", "at-2", "rt-3");
        tweetsAccept("at-1", "1860000000000000001");
        tweetsAccept("at-2", "1860000000000000002");
        Credentials credentials = oauth(name, "rt-seed", "client-59", "secret-59");

        SentPart first = x.post(destination("Prefet59"), credentials, "Le 17 ne répond plus", null, "d1-0", CONTEXT);
        assertThat(first).isEqualTo(new SentPart("1860000000000000001", "https://x.com/Prefet59/status/1860000000000000001"));
        List<LoggedRequest> refreshes = tokenRequests();
        assertThat(refreshes).hasSize(1);
        LoggedRequest refresh = refreshes.getFirst();
        assertThat(refresh.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(refresh.getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("client-59:secret-59".getBytes(StandardCharsets.UTF_8)));
        assertThat(form(refresh)).containsExactlyInAnyOrder("grant_type=refresh_token", "refresh_token=rt-1", "client_id=client-59");
        assertThat(tweets()).extracting(r -> r.getHeader("Authorization")).containsExactly("Bearer at-1");
        assertThat(stored(name, "rt-2")).as("the rotated refresh token is stored").isOne();
        assertThat(TestDatabase.queryLong("broadcast", "select extract(epoch from access_expires_at - now())::bigint "
                + "from oauth_token where credentials = ?", name)).isBetween(7_100L, 7_200L);

        // Still valid: no refresh.
        x.post(destination("Prefet59"), credentials, "Mise à jour", null, "d2-0", CONTEXT);
        assertThat(tokenRequests()).hasSize(1);

        // Less than five minutes left: refreshed ahead, with the rotated refresh token, never the spent one.
        TestDatabase.execute("broadcast", "update oauth_token set access_expires_at = now() + interval '4 minutes' "
                + "where credentials = '" + name + "'");
        SentPart third = x.post(destination("Prefet59"), credentials, "Service rétabli", null, "d3-0", CONTEXT);
        assertThat(third.id()).isEqualTo("1860000000000000002");
        assertThat(tokenRequests()).hasSize(2);
        assertThat(form(tokenRequests().get(1))).contains("refresh_token=rt-2");
        assertThat(tokenRequests()).filteredOn(r -> form(r).contains("refresh_token=rt-1")).hasSize(1);
        assertThat(tweets()).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer at-1", "Bearer at-1", "Bearer at-2");
        assertThat(stored(name, "rt-3")).isOne();
    }

    @Test
    void withNothingStoredTheConfiguredRefreshTokenSeedsTheStoreAndAPublicClientSendsNoBasicHeader() {
        String name = unique("x-public");
        tokenGrants("rt-public-seed", "at-public", "rt-public-2");
        tweetsAccept("at-public", "1860000000000000010");

        x.post(destination("Prefet62"), oauth(name, "rt-public-seed", "client-public", null), "Le 18 ne répond plus",
                null, "d1-0", CONTEXT);
        LoggedRequest refresh = tokenRequests().getFirst();
        assertThat(refresh.containsHeader("Authorization")).isFalse();
        assertThat(form(refresh)).containsExactlyInAnyOrder("grant_type=refresh_token", "refresh_token=rt-public-seed",
                "client_id=client-public");
        assertThat(stored(name, "rt-public-2")).isOne();
        assertThat(tweets()).extracting(r -> r.getHeader("Authorization")).containsExactly("Bearer at-public");
    }

    @Test
    void a401OnAPostRefreshesOnceAndRetriesOnce() {
        String name = unique("x-revoked");
        store(name, "at-revoked", "rt-a", Instant.now().plusSeconds(3_600), "rt-seed");
        tokenGrants("rt-a", "at-new", "rt-b");
        tweetsAccept("at-new", "1860000000000000020");
        tweetsRefuseOthers();

        SentPart sent = x.post(destination("Prefet59"), oauth(name, "rt-seed", "client-59", "secret-59"), "Le 17 ne répond plus",
                null, "d1-0", CONTEXT);
        assertThat(sent.id()).isEqualTo("1860000000000000020");
        assertThat(tokenRequests()).hasSize(1);
        assertThat(tweets()).extracting(r -> r.getHeader("Authorization")).containsExactly("Bearer at-revoked", "Bearer at-new");
        assertThat(stored(name, "rt-b")).isOne();

        // Still 401 with the new token: no loop, a refusal.
        wiremock.resetAll();
        String other = unique("x-suspended");
        store(other, "at-old", "rt-c", Instant.now().plusSeconds(3_600), "rt-seed");
        tokenGrants("rt-c", "at-also-refused", "rt-d");
        tweetsRefuseOthers();
        assertThatThrownBy(() -> x.post(destination(null), oauth(other, "rt-seed", "client-59", "secret-59"), "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> {
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure.getMessage()).contains("401").contains("'" + other + "'").contains("re-authorised");
                });
        assertThat(tokenRequests()).hasSize(1);
        assertThat(tweets()).hasSize(2);
    }

    @Test
    void aStaticTokenIsUsedAsBeforeAndA401IsARefusalWithoutAnyRefresh() {
        tweetsRefuseOthers();
        assertThatThrownBy(() -> x.post(destination(null), new Credentials("x-test-token", null, null, null), "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> assertThat(failure.retryable()).isFalse());
        assertThat(tweets()).extracting(r -> r.getHeader("Authorization")).containsExactly("Bearer x-test-token");
        assertThat(tokenRequests()).isEmpty();
    }

    @Test
    void aRefusedRefreshIsNotRetriedAndSaysToReauthoriseWhileTheTokenEndpointsOutagesAreRetried() {
        String name = unique("x-dead");
        store(name, "at-expired", "rt-dead", Instant.now().minusSeconds(60), "rt-seed");
        wiremock.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Value passed for the token was invalid.\"}")));
        Credentials credentials = oauth(name, "rt-seed", "client-59", "secret-59");
        assertThatThrownBy(() -> x.post(destination(null), credentials, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> {
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure.getMessage()).contains("invalid_grant").contains("'" + name + "'")
                            .contains("must be re-authorised").doesNotContain("rt-dead").doesNotContain("rt-seed")
                            .doesNotContain("secret-59");
                });
        assertThat(tokenRequests()).as("the configured seed is the one the chain started from: not tried again").hasSize(1);
        assertThat(tweets()).isEmpty();
        assertThat(stored(name, "rt-dead")).as("nothing changed").isOne();

        wiremock.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"unauthorized_client\",\"error_description\":\"Missing valid authorization header\"}")));
        assertThatThrownBy(() -> x.post(destination(null), credentials, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> {
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure.getMessage()).contains("must be re-authorised");
                });

        wiremock.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        assertThatThrownBy(() -> x.post(destination(null), credentials, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> assertThat(failure.retryable()).isTrue());
        wiremock.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")
                .withBody("{\"title\":\"Too Many Requests\",\"status\":429}")));
        assertThatThrownBy(() -> x.post(destination(null), credentials, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> {
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(20));
                });
        wiremock.stubFor(post(TOKEN_PATH).willReturn(tokenAnswer("at-late", "rt-late").withFixedDelay(6_000)));
        assertThatThrownBy(() -> x.post(destination(null), credentials, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> {
                    assertThat(failure.retryable()).as("a timeout of the token endpoint").isTrue();
                    assertThat(failure.getMessage()).doesNotContain("rt-dead");
                });
        assertThat(tweets()).isEmpty();
    }

    @Test
    void aReauthorisedAccountStartsOverFromTheNewlyConfiguredRefreshToken() {
        String name = unique("x-reauthorised");
        store(name, "at-expired", "rt-dead", Instant.now().minusSeconds(60), "rt-first-seed");
        wiremock.stubFor(post(TOKEN_PATH).withFormParam("refresh_token", equalTo("rt-dead")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Value passed for the token was invalid.\"}")));
        tokenGrants("rt-second-seed", "at-again", "rt-again-2");
        tweetsAccept("at-again", "1860000000000000030");

        x.post(destination(null), oauth(name, "rt-second-seed", "client-59", "secret-59"), "x", null, "k", CONTEXT);
        assertThat(tokenRequests()).extracting(XTokenRefreshTest::form)
                .satisfiesExactly(f -> assertThat(f).contains("refresh_token=rt-dead"),
                        f -> assertThat(f).contains("refresh_token=rt-second-seed"));
        assertThat(stored(name, "rt-again-2")).isOne();
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from oauth_token where credentials = ? "
                + "and seed_sha256 = ?", name, sha256("rt-second-seed"))).isOne();
    }

    @Test
    void concurrentPostsRefreshOnlyOnce() throws Exception {
        String name = unique("x-busy");
        store(name, "at-expired", "rt-c1", Instant.now().minusSeconds(60), "rt-seed");
        // A slow token endpoint keeps the first refresh in flight while the others arrive.
        wiremock.stubFor(post(TOKEN_PATH).withFormParam("refresh_token", equalTo("rt-c1"))
                .willReturn(tokenAnswer("at-c", "rt-c2").withFixedDelay(400)));
        wiremock.stubFor(post(TOKEN_PATH).withFormParam("refresh_token", equalTo("rt-c2"))
                .willReturn(tokenAnswer("at-c-again", "rt-c3")));
        tweetsAccept("at-c", "1860000000000000040");
        Credentials credentials = oauth(name, "rt-seed", "client-59", "secret-59");

        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SentPart>> posts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String key = "d" + i + "-0";
                posts.add(pool.submit(() -> {
                    start.await();
                    return x.post(destination(null), credentials, "Panne " + key, null, key, CONTEXT);
                }));
            }
            start.countDown();
            for (Future<SentPart> post : posts) {
                assertThat(post.get(30, TimeUnit.SECONDS).id()).isEqualTo("1860000000000000040");
            }
        } finally {
            stop(pool);
        }
        assertThat(tokenRequests()).as("one refresh for all").hasSize(1);
        assertThat(tweets()).hasSize(threads).extracting(r -> r.getHeader("Authorization")).containsOnly("Bearer at-c");
        assertThat(stored(name, "rt-c2")).isOne();
    }

    @Test
    void aPostWaitsWhileAnotherReplicaRefreshesThenUsesWhatItStored() throws Exception {
        String name = unique("x-replica");
        store(name, "at-expired", "rt-r1", Instant.now().minusSeconds(60), "rt-seed");
        tokenGrants("rt-r1", "at-never", "rt-never");
        tweetsAccept("at-from-replica", "1860000000000000050");
        TestStack stack = TestStack.get();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection replica = DriverManager.getConnection(stack.jdbcUrl("broadcast"), stack.jdbcUser(),
                stack.jdbcPassword())) {
            // Another replica is refreshing: it holds the row's lock until it commits what X answered it.
            replica.setAutoCommit(false);
            try (var lock = replica.prepareStatement("select refresh_token from oauth_token where credentials = ? for update")) {
                lock.setString(1, name);
                lock.executeQuery().close();
            }
            Future<SentPart> post = pool.submit(() -> x.post(destination(null), oauth(name, "rt-seed", "client-59", "secret-59"),
                    "x", null, "k", CONTEXT));
            // Held back for as long as the lock is: neither done nor refreshing on its own meanwhile.
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(post).as("waits for the lock").isNotDone();
                assertThat(tokenRequests()).isEmpty();
            });
            try (var update = replica.prepareStatement("update oauth_token set access_token = 'at-from-replica', "
                    + "refresh_token = 'rt-r2', access_expires_at = now() + interval '2 hours' where credentials = ?")) {
                update.setString(1, name);
                update.executeUpdate();
            }
            replica.commit();
            assertThat(post.get(30, TimeUnit.SECONDS).id()).isEqualTo("1860000000000000050");
        } finally {
            stop(pool);
        }
        assertThat(tokenRequests()).as("the spent refresh token is never sent again").isEmpty();
        assertThat(tweets()).extracting(r -> r.getHeader("Authorization")).containsExactly("Bearer at-from-replica");
        assertThat(stored(name, "rt-r2")).isOne();
    }

    @Test
    void anInvalidGrantParksTheDeliveryAsNotRetryableWithAClearMessage() {
        // The credentials "test-x-refresh" of the test profile; a stored chain X no longer accepts.
        TestDatabase.execute("broadcast", "delete from oauth_token where credentials = 'test-x-refresh'");
        store("test-x-refresh", "at-expired", "rt-revoked", Instant.now().minusSeconds(60), "x-refresh-seed-test");
        wiremock.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Value passed for the token was invalid.\"}")));
        register("department:09", "Préfète de l’Ariège (X)", "Prefete09", "test-x-refresh");

        UUID id = UUID.randomUUID();
        IncidentEvent event = IncidentEvent.of(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE,
                "Le 18 ne répond plus en Ariège", List.of("18"), "department:09"), Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(Tokens.ministry()))
                .get("/api/v1/deliveries?incident=" + id).then().statusCode(200)
                .body("[0].status", org.hamcrest.Matchers.equalTo("FAILED"))
                .body("[0].attempts", org.hamcrest.Matchers.equalTo(1))
                .body("[0].lastError", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("invalid_grant"),
                        org.hamcrest.Matchers.containsString("X credentials must be re-authorised"),
                        org.hamcrest.Matchers.containsString("tocsin.social.credentials.test-x-refresh.refresh-token"),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("rt-revoked")))));
        assertThat(tokenRequests()).hasSize(1);
        assertThat(form(tokenRequests().getFirst())).contains("refresh_token=rt-revoked", "client_id=tocsin-test-client");
        assertThat(tokenRequests().getFirst().getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("tocsin-test-client:tocsin-test-client-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(tweets()).isEmpty();
    }

    /** No post of a failed test may land in the next test's journal. */
    private static void stop(ExecutorService pool) throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private void register(String territory, String name, String target, String credentials) {
        Map<String, Object> body = Map.of("network", "X", "territory", territory, "name", name, "target", target,
                "credentials", credentials);
        registerAccount(body);
    }

    private static Destination destination(String target) {
        return new Destination(wiremock.baseUrl(), target, "fr");
    }

    private static Credentials oauth(String name, String seed, String clientId, String clientSecret) {
        return new Credentials(null, null, null, null, new OAuthRefresh(name, seed, clientId, clientSecret));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A stored pair, as an earlier refresh would have left it. */
    private static void store(String name, String accessToken, String refreshToken, Instant expires, String seed) {
        TestDatabase.execute("broadcast", "insert into oauth_token (credentials, access_token, refresh_token, "
                + "access_expires_at, seed_sha256, updated_at) values ('" + name + "', '" + accessToken + "', '" + refreshToken
                + "', '" + expires + "', '" + sha256(seed) + "', now())");
    }

    private static long stored(String name, String refreshToken) {
        return TestDatabase.queryLong("broadcast", "select count(*) from oauth_token where credentials = ? and refresh_token = ?",
                name, refreshToken);
    }

    /** X's answer to a refresh: a new access token for two hours and a new refresh token (the old one is spent). */
    private static ResponseDefinitionBuilder tokenAnswer(String accessToken, String refreshToken) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"token_type":"bearer","expires_in":7200,"access_token":"%s","scope":"tweet.write users.read tweet.read offline.access","refresh_token":"%s"}"""
                .formatted(accessToken, refreshToken));
    }

    private static void tokenGrants(String refreshToken, String accessToken, String nextRefreshToken) {
        wiremock.stubFor(post(TOKEN_PATH).withFormParam("refresh_token", equalTo(refreshToken))
                .willReturn(tokenAnswer(accessToken, nextRefreshToken)));
    }

    private static void tweetsAccept(String accessToken, String id) {
        wiremock.stubFor(post("/2/tweets").withHeader("Authorization", equalTo("Bearer " + accessToken)).atPriority(1)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"id\":\"" + id + "\",\"edit_history_tweet_ids\":[\"" + id + "\"],\"text\":\"…\"}}")));
    }

    /** X's answer to an expired or revoked bearer token. */
    private static void tweetsRefuseOthers() {
        wiremock.stubFor(post("/2/tweets").atPriority(5).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}")));
    }

    private static List<LoggedRequest> tokenRequests() {
        return wiremock.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    private static List<LoggedRequest> tweets() {
        return wiremock.findAll(postRequestedFor(urlEqualTo("/2/tweets")).withRequestBody(containing("\"text\"")));
    }

    private static List<String> form(LoggedRequest request) {
        return List.of(request.getBodyAsString().split("&"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
