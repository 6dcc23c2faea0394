package fr.tocsin.broadcast;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Posts of one batch go out concurrently but never beyond their network's limits: its slots in flight, and its rate
 * windows per credentials, a post that would break one being put back (not failed, no attempt counted) until the
 * window allows it. Telegram here is limited to 2 in flight and 3 messages per 20 s per bot; five chats of one bot
 * are posted to at once. Guadeloupe is used by no other test.
 */
@QuarkusTest
@TestProfile(PacedDeliveryTest.Tight.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
@WithTestResource(NetworkStubs.class)
class PacedDeliveryTest extends NetworkStubTest {

    static final Duration WINDOW = Duration.ofSeconds(20);
    static final int STUB_LATENCY_MS = 300;

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.social.limits.telegram.concurrency", "2",
                    "tocsin.social.limits.telegram.per-credentials", "3/" + WINDOW.toSeconds() + "s",
                    "tocsin.social.pacing-patience", "1s");
        }
    }

    @Test
    void aBatchIsSentConcurrentlyWithinTheNetworksSlotsAndRateWindows() {
        wiremock.stubFor(post(urlPathMatching("/bot.*/sendMessage")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(STUB_LATENCY_MS).withHeader("Content-Type", "application/json").withBody("""
                        {"ok":true,"result":{"message_id":7,"chat":{"id":-100971,"username":"gwada","type":"channel"},
                         "date":1795000000,"text":"…"}}""")));
        List<String> chats = List.of("@gwada1", "@gwada2", "@gwada3", "@gwada4", "@gwada5");
        for (String chat : chats) {
            registerAccount(Map.of("network", "TELEGRAM", "territory", "department:971", "name", "Guadeloupe " + chat,
                    "target", chat, "credentials", "test-telegram"));
        }
        UUID id = UUID.randomUUID();
        IncidentEvent event = IncidentEvent.of(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE,
                "Le 15 ne répond plus en Guadeloupe", List.of("15"), "department:971"), Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(Tokens.ministry()))
                .get("/api/v1/deliveries?incident=" + id).then().body("$", hasSize(5))
                .body("status", everyItem(equalTo("SENT")))
                // Waiting for a rate window is no attempt: each went out at its first.
                .body("attempts", everyItem(equalTo(1))));

        List<LoggedRequest> posts = wiremock.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage"))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        // Once to each chat.
        assertThat(posts.stream().map(p -> p.getBodyAsString().replaceAll("(?s).*\"chat_id\":\"(@gwada\\d)\".*", "$1"))
                .collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(chats);
        assertThat(posts).hasSize(5);
        List<Instant> arrivals = posts.stream().map(p -> p.getLoggedDate().toInstant()).toList();
        // Two in flight at most: the third arrives only once the first has been answered, 300 ms after it arrived.
        for (int i = 0; i + 2 < arrivals.size(); i++) {
            assertThat(Duration.between(arrivals.get(i), arrivals.get(i + 2))).as("posts %d and %d", i, i + 2)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(STUB_LATENCY_MS - 5));
        }
        // Three per window per bot: the fourth waited for the window of the first (a second's leeway for the wire).
        assertThat(Duration.between(arrivals.get(0), arrivals.get(3))).isGreaterThanOrEqualTo(WINDOW.minusSeconds(1));
    }
}
