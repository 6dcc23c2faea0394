package fr.tocsin.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.localstack.LocalStack;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Posts to a network without idempotency keys (Telegram) survive a kill -9 of broadcast-service mid-post without
 * showing twice: five Telegram channels of the Mayenne, one declaration, the bot API answering after 4 s, the service
 * killed once the first request reached it and started again. Each part is noted submitting, committed, before its
 * request; the killed process's claims roll back, and the new process records UNKNOWN every delivery whose note
 * outlived it instead of posting it again. No channel receives two posts; every SENT delivery's channel received one;
 * the UNKNOWN ones are at most those noted at the kill, and at least the one whose request the API had received.
 */
class PostKillIT {

    private static final int CHANNELS = 5;
    /** This test's deliveries: to its own channels (a national account of another test could be planned too). */
    private static final String OURS = "subject = ? and account_id in (select id from social_account where target like"
            + " '@e2e\\_kill\\_%')";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aKilledBroadcastServicePostsNothingTwiceAndRecordsUnknownWhatWasInFlight() throws Exception {
        LocalStack stack = E2eStack.get();
        WireMockServer api = E2eStack.mastodon();
        StubMapping slow = api.stubFor(post(urlPathMatching("/bot.*/sendMessage")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(4_000).withHeader("Content-Type", "application/json").withBody("""
                        {"ok":true,"result":{"message_id":7,"chat":{"id":-100999,"username":"e2e","type":"channel"},
                         "date":1795000000,"text":"…"}}""")));
        String broadcast = stack.service("broadcast-service").url();
        String ministry = stack.ministryToken("e2e");
        List<String> accounts = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl("broadcast"), stack.jdbcUser(), stack.jdbcPassword())) {
            for (int i = 1; i <= CHANNELS; i++) {
                HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(broadcast + "/api/v1/social-accounts"))
                        .header("Authorization", "Bearer " + ministry).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"network": "TELEGRAM", "territory": "department:53", "name": "Mayenne, canal %d (kill)",
                                 "target": "@e2e_kill_%d", "credentials": "e2e-telegram"}""".formatted(i, i))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(created.body());
                assertThat(id.find()).isTrue();
                accounts.add(id.group(1));
            }
            String incident = E2eStack.declare("53", "18", "Le 18 ne répond plus en Mayenne (kill)",
                    "Les pompiers ne répondent plus.");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> !ours(api).isEmpty());
            stack.killService("broadcast-service");
            long notedAtKill = count(db, "select count(*) from post_submitting where delivery_id in (select id from delivery"
                    + " where " + OURS + ")", incident);
            stack.restartService("broadcast-service");

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> count(db,
                    "select count(*) from delivery where " + OURS + " and status in ('SENT', 'UNKNOWN')", incident) == CHANNELS);
            Thread.sleep(5_000); // room for a late duplicate, if there were one (the API answers after 4 s)

            Map<String, Long> postsByChannel = ours(api).stream().collect(Collectors.groupingBy(
                    r -> chat(r.getBodyAsString()), Collectors.counting()));
            assertThat(postsByChannel.values()).as("no channel posted twice: %s", postsByChannel).allMatch(n -> n == 1);
            for (String chat : strings(db, "select a.target from delivery d join social_account a on a.id = d.account_id"
                    + " where d.subject = ? and d.status = 'SENT' and a.target like '@e2e\\_kill\\_%'", incident)) {
                assertThat(postsByChannel).as("a SENT delivery's channel received it").containsKey(chat);
            }
            long unknown = count(db, "select count(*) from delivery where " + OURS + " and status = 'UNKNOWN'", incident);
            assertThat(unknown).as("UNKNOWN: at least the post the API had received, at most those noted at the kill")
                    .isBetween(1L, notedAtKill);
            assertThat(count(db, "select count(*) from post_submitting where delivery_id in (select id from delivery"
                    + " where " + OURS + ")", incident)).as("no note left").isZero();
            System.out.printf("[e2e] posts killed mid-way: %d Telegram channels, %d noted at the kill, %d UNKNOWN after it,"
                    + " %d posted, 0 twice%n", CHANNELS, notedAtKill, unknown, postsByChannel.size());
        } finally {
            api.removeStub(slow);
            for (String id : accounts) {
                HTTP.send(HttpRequest.newBuilder(URI.create(stack.service("broadcast-service").url()
                                + "/api/v1/social-accounts/" + id)).header("Authorization", "Bearer " + ministry).DELETE()
                        .build(), HttpResponse.BodyHandlers.ofString());
            }
        }
    }

    /**
     * Bluesky shows its posts back: the same kill mid-post, the PDS holding createRecord 4 s, then the new process
     * finds the post on the account (once the killed request surely ended) and records it SENT, posting nothing again.
     */
    @Test
    void aKilledBroadcastServiceFindsItsBlueskyPostOnTheAccountAndPostsItOnce() throws Exception {
        LocalStack stack = E2eStack.get();
        WireMockServer api = E2eStack.mastodon();
        StubMapping slow = api.stubFor(post(BlueskyPdsStub.CREATE_RECORD).atPriority(1)
                .willReturn(BlueskyPdsStub.created().withFixedDelay(4_000)));
        String broadcast = stack.service("broadcast-service").url();
        String ministry = stack.ministryToken("e2e");
        String account = null;
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl("broadcast"), stack.jdbcUser(), stack.jdbcPassword())) {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(broadcast + "/api/v1/social-accounts"))
                    .header("Authorization", "Bearer " + ministry).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"network": "BLUESKY", "territory": "department:72", "name": "Préfet de la Sarthe (kill)",
                             "credentials": "e2e-bluesky"}""")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(created.body());
            assertThat(id.find()).isTrue();
            account = id.group(1);
            String incident = E2eStack.declare("72", "17", "Le 17 ne répond plus dans la Sarthe (kill)",
                    "La police ne répond plus.");
            String ours = "subject = ? and account_id = '" + account + "'";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !created(api, "Sarthe (kill)").isEmpty());
            stack.killService("broadcast-service");
            long notedAtKill = count(db, "select count(*) from post_submitting where delivery_id in (select id from delivery"
                    + " where " + ours + ")", incident);
            stack.restartService("broadcast-service");

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> count(db,
                    "select count(*) from delivery where " + ours + " and status in ('SENT', 'UNKNOWN', 'FAILED')",
                    incident) == 1);
            Thread.sleep(5_000); // room for a late duplicate, if there were one (the PDS answers after 4 s)

            List<ServeEvent> posts = created(api, "Sarthe (kill)");
            assertThat(posts).as("posted once").hasSize(1);
            assertThat(strings(db, "select status from delivery where " + ours, incident)).containsExactly("SENT");
            assertThat(strings(db, "select remote_ids from delivery where " + ours, incident).getFirst())
                    .as("recorded as the post found on the account").contains(BlueskyPdsStub.remoteId(posts.getFirst()));
            assertThat(count(db, "select count(*) from post_submitting where delivery_id in (select id from delivery"
                    + " where " + ours + ")", incident)).as("no note left").isZero();
            assertThat(notedAtKill).as("noted before the request the kill cut").isEqualTo(1);
            System.out.printf("[e2e] Bluesky post killed mid-way: noted at the kill, found on the account after it,"
                    + " recorded SENT, posted once%n");
        } finally {
            api.removeStub(slow);
            if (account != null) {
                HTTP.send(HttpRequest.newBuilder(URI.create(stack.service("broadcast-service").url()
                                + "/api/v1/social-accounts/" + account)).header("Authorization", "Bearer " + ministry).DELETE()
                        .build(), HttpResponse.BodyHandlers.ofString());
            }
        }
    }

    /** The createRecord requests whose post says {@code words} (its incident's title). */
    private static List<ServeEvent> created(WireMockServer api, String words) {
        return api.getAllServeEvents().stream().filter(event -> event.getRequest().getMethod().getName().equals("POST")
                && event.getRequest().getUrl().equals(BlueskyPdsStub.CREATE_RECORD)
                && event.getRequest().getBodyAsString().contains(words)).toList();
    }

    /** The stub is shared: only this test's channels count. */
    private static List<LoggedRequest> ours(WireMockServer api) {
        return api.findAll(postRequestedFor(urlPathMatching("/bot.*/sendMessage"))).stream()
                .filter(r -> r.getBodyAsString().contains("e2e_kill_")).toList();
    }

    private static String chat(String body) {
        Matcher chat = Pattern.compile("@e2e_kill_\\d+").matcher(body);
        return chat.find() ? chat.group() : body;
    }

    private static long count(Connection db, String sql, String subject) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, subject);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static List<String> strings(Connection db, String sql, String subject) throws Exception {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, subject);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }
}
