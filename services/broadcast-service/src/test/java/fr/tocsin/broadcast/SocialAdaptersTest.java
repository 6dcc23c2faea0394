package fr.tocsin.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.broadcast.networks.BlueskyAdapter;
import fr.tocsin.broadcast.networks.FacebookAdapter;
import fr.tocsin.broadcast.networks.MastodonAdapter;
import fr.tocsin.broadcast.networks.TelegramAdapter;
import fr.tocsin.broadcast.networks.WebhookAdapter;
import fr.tocsin.broadcast.networks.XAdapter;
import fr.tocsin.broadcast.networks.ChannelAdapter;
import fr.tocsin.broadcast.networks.ChannelAdapter.Credentials;
import fr.tocsin.broadcast.networks.ChannelAdapter.DeliveryContext;
import fr.tocsin.broadcast.networks.ChannelAdapter.Destination;
import fr.tocsin.broadcast.networks.ChannelAdapter.Reply;
import fr.tocsin.broadcast.networks.ChannelAdapter.SentPart;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.broadcast.delivery.persistence.DeliveryKind;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Each network adapter against a WireMock server answering the network's real shapes: the request must carry
 * the network's path, auth and fields; 429 (with each network's way of saying when to come back), 5xx and
 * timeouts are retryable, refusals are not.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
@WithTestResource(NetworkStubs.class)
class SocialAdaptersTest extends NetworkStubTest {

    static final DeliveryContext CONTEXT = new DeliveryContext("d1", "8a0c5a8e-6f0e-4b53-9a57-0d4c4e4bd2a1", 3,
            DeliveryKind.DECLARED, "https://tocsin.example.gouv.fr/incidents/8a0c5a8e-6f0e-4b53-9a57-0d4c4e4bd2a1");

    @Inject
    MastodonAdapter mastodon;
    @Inject
    BlueskyAdapter bluesky;
    @Inject
    XAdapter x;
    @Inject
    FacebookAdapter facebook;
    @Inject
    TelegramAdapter telegram;
    @Inject
    WebhookAdapter webhook;
    @Inject
    ObjectMapper json;

    Destination destination(String target) {
        return new Destination(wiremock.baseUrl(), target, "fr");
    }

    @Test
    void mastodonPostsAStatusWithBearerIdempotencyKeyAndReply() throws Exception {
        wiremock.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"113042","created_at":"2026-11-22T18:00:00.000Z","in_reply_to_id":"113001",
                         "visibility":"public","language":"fr","uri":"https://social.example.gouv.fr/users/prefet59/statuses/113042",
                         "url":"https://social.example.gouv.fr/@prefet59/113042","content":"<p>Le 17 ne répond plus</p>",
                         "account":{"id":"1","username":"prefet59","acct":"prefet59"}}""")));
        SentPart sent = mastodon.post(destination(null), new Credentials("mastodon-test-token", null, null, null),
                "Le 17 ne répond plus", new Reply("113000", "113001"), "d1-0", CONTEXT);
        assertThat(sent).isEqualTo(new SentPart("113042", "https://social.example.gouv.fr/@prefet59/113042"));
        wiremock.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses"))
                .withHeader("Authorization", equalTo("Bearer mastodon-test-token"))
                .withHeader("Idempotency-Key", equalTo("d1-0"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("Le 17 ne répond plus")))
                .withRequestBody(matchingJsonPath("$.in_reply_to_id", equalTo("113001")))
                .withRequestBody(matchingJsonPath("$.language", equalTo("fr")))
                .withRequestBody(matchingJsonPath("$.visibility", equalTo("public"))));

        wiremock.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withHeader("X-RateLimit-Remaining", "0").withBody("{\"error\":\"Too many requests\"}")));
        assertThatThrownBy(() -> mastodon.post(destination(null), new Credentials("t", null, null, null), "x", null, "d1-1", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> {
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void blueskyFindsItsPostByItsTextAmongThoseSinceAPageAtATime() {
        wiremock.stubFor(post("/xrpc/com.atproto.server.createSession").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"did":"did:plc:prefet12abc","handle":"prefet12.bsky.social","accessJwt":"eyJ.access.12",
                         "refreshJwt":"eyJ.refresh.12","active":true}""")));
        Instant since = Instant.parse("2026-12-04T18:00:00Z");
        // Newest first, as the PDS lists them; the second page is asked for with the first's cursor.
        wiremock.stubFor(get(urlPathEqualTo("/xrpc/com.atproto.repo.listRecords")).withQueryParam("cursor", absent())
                .withQueryParam("repo", equalTo("did:plc:prefet12abc")).withQueryParam("collection", equalTo("app.bsky.feed.post"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"records":[%s,%s],"cursor":"3lbqpage1k"}""".formatted(
                        blueskyRecord("3lbqnewer2k", "Une mise à jour", "2026-12-04T18:05:00.000Z"),
                        blueskyRecord("3lbqnewer1k", "Service rétabli", "2026-12-04T18:04:00.000Z")))));
        wiremock.stubFor(get(urlPathEqualTo("/xrpc/com.atproto.repo.listRecords")).withQueryParam("cursor", equalTo("3lbqpage1k"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"records":[%s,%s],"cursor":"3lbqpage2k"}""".formatted(
                        blueskyRecord("3lbqours01k", "Le 15 ne répond plus", "2026-12-04T18:00:01.000Z"),
                        blueskyRecord("3lbqolder1k", "La veille", "2026-12-03T18:00:00.000Z")))));
        Credentials credentials = new Credentials(null, "prefet12.bsky.social", "app-password-12", null);

        Optional<SentPart> found = bluesky.findPosted(destination(null), credentials, "Le 15 ne répond plus", null, since);
        assertThat(found).contains(new SentPart("at://did:plc:prefet12abc/app.bsky.feed.post/3lbqours01k bafyours0",
                "https://bsky.app/profile/did:plc:prefet12abc/post/3lbqours01k"));
        // Not there: the listing stops at the first post older than since.
        assertThat(bluesky.findPosted(destination(null), credentials, "Autre chose", null, since)).isEmpty();
        wiremock.verify(4, getRequestedFor(urlPathEqualTo("/xrpc/com.atproto.repo.listRecords"))
                .withHeader("Authorization", equalTo("Bearer eyJ.access.12")));
        wiremock.verify(0, getRequestedFor(urlPathEqualTo("/xrpc/com.atproto.repo.listRecords"))
                .withQueryParam("cursor", equalTo("3lbqpage2k")));
        assertThat(bluesky.findsItsPosts()).isTrue();
        assertThat(telegram.findsItsPosts()).isFalse();
    }

    private static String blueskyRecord(String rkey, String text, String createdAt) {
        return """
                {"uri":"at://did:plc:prefet12abc/app.bsky.feed.post/%s","cid":"bafy%s",
                 "value":{"$type":"app.bsky.feed.post","text":"%s","langs":["fr"],"createdAt":"%s"}}"""
                .formatted(rkey, rkey.substring(4, 9), text, createdAt);
    }

    @Test
    void blueskyOpensOneSessionThenCreatesPostRecordsWithByteOffsetFacetsAndReplies() throws Exception {
        wiremock.stubFor(post("/xrpc/com.atproto.server.createSession").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"did":"did:plc:prefet59xyz","handle":"prefet59.bsky.social","email":"prefet59@example.gouv.fr",
                         "accessJwt":"eyJ.access.jwt","refreshJwt":"eyJ.refresh.jwt","active":true}""")));
        wiremock.stubFor(post("/xrpc/com.atproto.repo.createRecord").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"uri":"at://did:plc:prefet59xyz/app.bsky.feed.post/3lbq2xyzabc2k",
                         "cid":"bafyreibjifzpqj6o6wcq3hejh7y4z4z2vmiklkvykc57tw3pcbx3kxifpm",
                         "commit":{"cid":"bafyreid","rev":"3lbq2xyzabd2k"},"validationStatus":"valid"}""")));
        Credentials credentials = new Credentials(null, "prefet59.bsky.social", "app-password-test", null);
        String text = "Préfecture : numéros ici https://tocsin.example.gouv.fr/departements/59 #Tocsin";
        SentPart first = bluesky.post(destination(null), credentials, text, null, "d1-0", CONTEXT);
        assertThat(first.id()).isEqualTo("at://did:plc:prefet59xyz/app.bsky.feed.post/3lbq2xyzabc2k "
                + "bafyreibjifzpqj6o6wcq3hejh7y4z4z2vmiklkvykc57tw3pcbx3kxifpm");
        assertThat(first.url()).isEqualTo("https://bsky.app/profile/did:plc:prefet59xyz/post/3lbq2xyzabc2k");
        bluesky.post(destination(null), credentials, "suite", new Reply(first.id(), first.id()), "d1-1", CONTEXT);

        wiremock.verify(1, postRequestedFor(urlEqualTo("/xrpc/com.atproto.server.createSession"))
                .withRequestBody(matchingJsonPath("$.identifier", equalTo("prefet59.bsky.social")))
                .withRequestBody(matchingJsonPath("$.password", equalTo("app-password-test"))));
        List<LoggedRequest> records = wiremock.findAll(postRequestedFor(urlEqualTo("/xrpc/com.atproto.repo.createRecord"))
                .withHeader("Authorization", equalTo("Bearer eyJ.access.jwt")));
        assertThat(records).hasSize(2);
        JsonNode request = json.readTree(records.get(0).getBodyAsString());
        assertThat(request.path("repo").asText()).isEqualTo("did:plc:prefet59xyz");
        assertThat(request.path("collection").asText()).isEqualTo("app.bsky.feed.post");
        JsonNode record = request.path("record");
        assertThat(record.path("$type").asText()).isEqualTo("app.bsky.feed.post");
        assertThat(record.path("text").asText()).isEqualTo(text);
        assertThat(Instant.parse(record.path("createdAt").asText())).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        assertThat(record.path("langs").get(0).asText()).isEqualTo("fr");
        JsonNode link = record.path("facets").get(0);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        String linked = new String(utf8, link.path("index").path("byteStart").asInt(),
                link.path("index").path("byteEnd").asInt() - link.path("index").path("byteStart").asInt(), StandardCharsets.UTF_8);
        assertThat(linked).isEqualTo("https://tocsin.example.gouv.fr/departements/59");
        assertThat(link.path("features").get(0).path("$type").asText()).isEqualTo("app.bsky.richtext.facet#link");
        assertThat(record.path("facets").get(1).path("features").get(0).path("tag").asText()).isEqualTo("Tocsin");
        JsonNode reply = json.readTree(records.get(1).getBodyAsString()).path("record").path("reply");
        assertThat(reply.path("root").path("uri").asText()).isEqualTo("at://did:plc:prefet59xyz/app.bsky.feed.post/3lbq2xyzabc2k");
        assertThat(reply.path("parent").path("cid").asText()).startsWith("bafyrei");
    }

    @Test
    void xCreatesAPostWithBearerAndHonoursRateLimitReset() throws Exception {
        wiremock.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"1859999999999999999\",\"edit_history_tweet_ids\":[\"1859999999999999999\"],"
                        + "\"text\":\"Le 17 ne répond plus\"}}")));
        SentPart sent = x.post(destination("Prefet59"), new Credentials("x-test-token", null, null, null),
                "Le 17 ne répond plus", new Reply("1859999999999999000", "1859999999999999001"), "d1-0", CONTEXT);
        assertThat(sent).isEqualTo(new SentPart("1859999999999999999", "https://x.com/Prefet59/status/1859999999999999999"));
        wiremock.verify(postRequestedFor(urlEqualTo("/2/tweets")).withHeader("Authorization", equalTo("Bearer x-test-token"))
                .withRequestBody(matchingJsonPath("$.text", equalTo("Le 17 ne répond plus")))
                .withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo("1859999999999999001"))));

        long reset = Instant.now().plusSeconds(120).getEpochSecond();
        wiremock.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(429).withHeader("x-rate-limit-limit", "100")
                .withHeader("x-rate-limit-remaining", "0").withHeader("x-rate-limit-reset", String.valueOf(reset))
                .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}")));
        assertThatThrownBy(() -> x.post(destination(null), new Credentials("t", null, null, null), "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> {
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.retryAfter()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
                });
        wiremock.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(403).withBody(
                "{\"detail\":\"You are not permitted to perform this action.\",\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}")));
        assertThatThrownBy(() -> x.post(destination(null), new Credentials("t", null, null, null), "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> assertThat(failure.retryable()).isFalse());
    }

    @Test
    void facebookFindsItsPostAmongThePagesPostsAndAFollowUpAmongItsComments() {
        Instant since = Instant.parse("2026-12-04T18:00:00Z");
        // Newest first, a page at a time (the cursor's "after"; no "next" on the last page); the token in the header.
        wiremock.stubFor(get(urlPathEqualTo("/104799999/published_posts")).withQueryParam("after", absent())
                .withHeader("Authorization", equalTo("Bearer facebook-page-token"))
                .withQueryParam("fields", equalTo("id,message,created_time"))
                .withQueryParam("since", equalTo(String.valueOf(since.getEpochSecond())))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"data":[{"id":"104799999_8800003","message":"Service rétabli","created_time":"2026-12-04T18:09:00+0000"},
                                 {"id":"104799999_8800002","message":"Mise à jour","created_time":"2026-12-04T18:05:00+0000"}],
                         "paging":{"cursors":{"before":"QVFIUb1","after":"QVFIUa1"},
                                   "next":"https://graph.facebook.com/v21.0/104799999/published_posts?after=QVFIUa1"}}""")));
        wiremock.stubFor(get(urlPathEqualTo("/104799999/published_posts")).withQueryParam("after", equalTo("QVFIUa1"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"data":[{"id":"104799999_8800001","message":"Le 17 ne répond plus","created_time":"2026-12-04T18:00:02+0000"},
                                 {"id":"104799999_8700000","message":"La veille","created_time":"2026-12-03T18:00:00+0000"}],
                         "paging":{"cursors":{"before":"QVFIUb2","after":"QVFIUa2"}}}""")));
        wiremock.stubFor(get(urlPathEqualTo("/104799999_8800001/comments"))
                .withQueryParam("order", equalTo("reverse_chronological"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"data":[{"id":"8800001_99002","message":"Suite : appelez le 04 65 71 00 17","created_time":"2026-12-04T18:00:03+0000"}],
                         "paging":{"cursors":{"before":"QVFIUc1","after":"QVFIUc1"}}}""")));
        Credentials token = new Credentials("facebook-page-token", null, null, null);

        assertThat(facebook.findPosted(destination("104799999"), token, "Le 17 ne répond plus", null, since))
                .contains(new SentPart("104799999_8800001", "https://www.facebook.com/104799999_8800001"));
        assertThat(facebook.findPosted(destination("104799999"), token, "Suite : appelez le 04 65 71 00 17",
                new Reply("104799999_8800001", "104799999_8800001"), since))
                .contains(new SentPart("8800001_99002", "https://www.facebook.com/8800001_99002"));
        assertThat(facebook.findPosted(destination("104799999"), token, "Jamais publié", null, since)).isEmpty();
        assertThat(wiremock.findAll(getRequestedFor(urlPathEqualTo("/104799999/published_posts")))
                .stream().map(r -> r.getUrl()).toList()).as("never the token in a URL").noneMatch(url -> url.contains("token"));

        // A Page token without pages_read_engagement: Facebook answers (#10) 403; the post cannot be told (UNKNOWN).
        wiremock.stubFor(get(urlPathEqualTo("/104799999/published_posts")).atPriority(1).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error":{"message":"(#10) This endpoint requires the 'pages_read_engagement' permission","type":"OAuthException","code":10,"fbtrace_id":"A3"}}""")));
        assertThatThrownBy(() -> facebook.findPosted(destination("104799999"), token, "Le 17 ne répond plus", null, since))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> assertThat(failure.retryable()).isFalse());
    }

    @Test
    void facebookPublishesOnThePageFeedAndFollowsUpInComments() {
        wiremock.stubFor(post("/104799999/feed").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"104799999_8812345\"}")));
        wiremock.stubFor(post("/104799999_8812345/comments").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"8812345_99001\"}")));
        Credentials token = new Credentials("facebook-page-token", null, null, null);
        SentPart first = facebook.post(destination("104799999"), token, "Le 17 ne répond plus", null, "d1-0", CONTEXT);
        assertThat(first).isEqualTo(new SentPart("104799999_8812345", "https://www.facebook.com/104799999_8812345"));
        facebook.post(destination("104799999"), token, "Mise à jour", new Reply(first.id(), first.id()), "d2-0", CONTEXT);
        wiremock.verify(postRequestedFor(urlEqualTo("/104799999/feed"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("message=Le+17+ne+r%C3%A9pond+plus"))
                .withRequestBody(containing("link=https%3A%2F%2Ftocsin.example.gouv.fr%2Fincidents%2F"))
                .withRequestBody(containing("access_token=facebook-page-token")));
        wiremock.verify(postRequestedFor(urlEqualTo("/104799999_8812345/comments"))
                .withRequestBody(containing("message=Mise+%C3%A0+jour")));

        wiremock.stubFor(post("/104799999/feed").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#32) Page request limit reached\",\"type\":\"OAuthException\",\"code\":32,\"fbtrace_id\":\"A1\"}}")));
        assertThatThrownBy(() -> facebook.post(destination("104799999"), token, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> assertThat(failure.retryable()).isTrue());
        wiremock.stubFor(post("/104799999/feed").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190,\"fbtrace_id\":\"A2\"}}")));
        assertThatThrownBy(() -> facebook.post(destination("104799999"), token, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> assertThat(failure.retryable()).isFalse());
    }

    @Test
    void telegramSendsToTheChannelAndReadsRetryAfterFromTheBody() {
        wiremock.stubFor(post("/bot123456:telegram-test-token/sendMessage").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"ok":true,"result":{"message_id":42,"sender_chat":{"id":-1001234567890,"title":"Préfet du Nord","username":"prefet59","type":"channel"},
                         "chat":{"id":-1001234567890,"title":"Préfet du Nord","username":"prefet59","type":"channel"},
                         "date":1795000000,"text":"Le 17 ne répond plus"}}""")));
        Credentials token = new Credentials("123456:telegram-test-token", null, null, null);
        SentPart sent = telegram.post(destination("@prefet59"), token, "Le 17 ne répond plus", new Reply("40", "41"), "d1-0", CONTEXT);
        assertThat(sent).isEqualTo(new SentPart("42", "https://t.me/prefet59/42"));
        wiremock.verify(postRequestedFor(urlEqualTo("/bot123456:telegram-test-token/sendMessage"))
                .withRequestBody(matchingJsonPath("$.chat_id", equalTo("@prefet59")))
                .withRequestBody(matchingJsonPath("$.text", equalTo("Le 17 ne répond plus")))
                .withRequestBody(matchingJsonPath("$.reply_parameters.message_id", equalTo("41"))));

        wiremock.stubFor(post("/bot123456:telegram-test-token/sendMessage").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\",\"parameters\":{\"retry_after\":7}}")));
        assertThatThrownBy(() -> telegram.post(destination("@prefet59"), token, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> {
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void serverErrorsAndTimeoutsAreRetriedRefusalsAreNot() {
        Credentials token = new Credentials("t", null, null, null);
        wiremock.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(503).withBody("<html>Bad gateway</html>")));
        assertThatThrownBy(() -> mastodon.post(destination(null), token, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isTrue());
        // The test profile's read timeout is 3 s.
        wiremock.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(200).withFixedDelay(6_000).withBody("{}")));
        assertThatThrownBy(() -> mastodon.post(destination(null), token, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isTrue());
        wiremock.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"The access token is invalid\"}")));
        assertThatThrownBy(() -> mastodon.post(destination(null), token, "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("401").contains("access token is invalid");
                });
    }

    /** Every adapter, the same three failures: 429 with Retry-After, 500, and an answer slower than the timeout. */
    @Test
    void everyAdapterRetriesRateLimitsServerErrorsAndTimeouts() {
        wiremock.stubFor(post("/xrpc/com.atproto.server.createSession").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"did\":\"did:plc:x\",\"handle\":\"h\",\"accessJwt\":\"a\",\"refreshJwt\":\"r\"}")));
        Credentials credentials = new Credentials("123456:telegram-test-token", "h-" + UUID.randomUUID(), "p", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        Map<ChannelAdapter, String> paths = new java.util.LinkedHashMap<>();
        paths.put(mastodon, "/api/v1/statuses");
        paths.put(bluesky, "/xrpc/com.atproto.repo.createRecord");
        paths.put(x, "/2/tweets");
        paths.put(facebook, "/104799999/feed");
        paths.put(telegram, "/bot123456:telegram-test-token/sendMessage");
        paths.put(webhook, "/hook");
        paths.forEach((adapter, path) -> {
            Destination destination = adapter == webhook ? new Destination(wiremock.baseUrl() + "/hook", null, "fr")
                    : destination(adapter == telegram ? "@prefet59" : "104799999");
            wiremock.stubFor(post(path).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")
                    .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Too Many Requests\"}")));
            assertThatThrownBy(() -> adapter.post(destination, credentials, "x", null, "k", CONTEXT))
                    .as(adapter.network() + " 429").isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                        assertThat(f.retryable()).isTrue();
                        assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(12));
                        assertThat(f.maybePosted()).as("a 429 turned the request away").isFalse();
                    });
            wiremock.stubFor(post(path).willReturn(aResponse().withStatus(500).withBody("Internal Server Error")));
            assertThatThrownBy(() -> adapter.post(destination, credentials, "x", null, "k", CONTEXT))
                    .as(adapter.network() + " 500").isInstanceOfSatisfying(DeliveryFailure.class,
                            f -> assertThat(f.retryable() && f.maybePosted()).isTrue());
            wiremock.stubFor(post(path).willReturn(aResponse().withStatus(200).withFixedDelay(6_000).withBody("{}")));
            assertThatThrownBy(() -> adapter.post(destination, credentials, "x", null, "k", CONTEXT))
                    .as(adapter.network() + " timeout").isInstanceOfSatisfying(DeliveryFailure.class,
                            f -> assertThat(f.retryable() && f.maybePosted()).isTrue());
        });
    }

    /**
     * A connection refused never carried the request: retried, and known unposted, so that a network without keys or
     * read-back (Telegram) tries again rather than leaving it UNKNOWN for a person.
     */
    @Test
    void aRefusedConnectionIsRetriedAndKnownUnposted() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Destination nowhere = new Destination("http://127.0.0.1:" + closed, "@prefet59", "fr");
        for (ChannelAdapter adapter : List.of(telegram, x, mastodon)) {
            assertThatThrownBy(() -> adapter.post(nowhere, new Credentials("123456:telegram-test-token", null, null, null),
                    "x", null, "k", CONTEXT)).as(adapter.network().name())
                    .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                        assertThat(f.retryable()).isTrue();
                        assertThat(f.maybePosted()).isFalse();
                        assertThat(f.getMessage()).contains("127.0.0.1").doesNotContain("telegram-test-token");
                    });
        }
    }

    /** X's answer to a repeat of a recent post: the part is out already (from an earlier try), not refused. */
    @Test
    void xRefusingADuplicateSaysThePartIsOutAlready() {
        wiremock.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(403).withHeader("Content-Type",
                "application/json").withBody("""
                {"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank",
                 "title":"Forbidden","status":403}""")));
        assertThatThrownBy(() -> x.post(destination(null), new Credentials("t", null, null, null), "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.postedAlready()).isTrue();
                    assertThat(f.retryable()).isFalse();
                });
        wiremock.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(403).withHeader("Content-Type",
                "application/json").withBody("""
                {"detail":"You are not permitted to perform this action.","type":"about:blank","title":"Forbidden",
                 "status":403}""")));
        assertThatThrownBy(() -> x.post(destination(null), new Credentials("t", null, null, null), "x", null, "k", CONTEXT))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.postedAlready()).isFalse());
        assertThat(x.refusesDuplicates()).isTrue();
        assertThat(telegram.refusesDuplicates()).isFalse();
    }

    @Test
    void webhooksAreSignedTheStandardWebhooksWay() {
        wiremock.stubFor(post("/hooks/tocsin").willReturn(aResponse().withStatus(204)));
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        webhook.post(new Destination(wiremock.baseUrl() + "/hooks/tocsin", null, "fr"),
                new Credentials(null, null, null, secret), "Le 17 ne répond plus", null, "msg_d1-0", CONTEXT);
        LoggedRequest request = wiremock.findAll(postRequestedFor(urlEqualTo("/hooks/tocsin"))).getFirst();
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        assertThat(id).isEqualTo("msg_d1-0");
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), within(60L));
        // What a receiver does: recompute over id.timestamp.body with the shared secret.
        String expected = "v1," + WebhookAdapter.sign(secret, id + "." + timestamp + "." + request.getBodyAsString());
        assertThat(request.getHeader("webhook-signature")).isEqualTo(expected);
        assertThat(WebhookAdapter.sign(secret, id + "." + timestamp + "." + request.getBodyAsString() + " "))
                .isNotEqualTo(expected.substring(3));
        assertThat(request.getBodyAsString()).contains("\"type\":\"tocsin.declared\"").contains("\"version\":3");
    }
}
