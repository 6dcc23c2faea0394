package fr.tocsin.broadcast;

import fr.tocsin.testsupport.HostileRequests;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on the authority API: account registrations (problem+json naming the field, nothing stored, nothing
 * sent), flagging subscription testers, and the delivery status's parameters (never a 5xx). Run with the production rule for destinations, which the
 * test profile relaxes.
 */
@QuarkusTest
@TestProfile(StrictDestinations.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
class HostileInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void accountRegistrations() {
        long before = TestDatabase.queryLong("broadcast", "select count(*) from social_account");
        String valid = "{\"network\": \"MASTODON\", \"territory\": \"department:976\", \"name\": \"Préfet de Mayotte\","
                + " \"credentials\": \"hostile-test\", \"language\": \"fr\"}";
        Map<String, List<String>> invalid = Map.of(
                "network", List.of("\"MYSPACE\"", "0", "null", "[]"),
                "territory", List.of("\"department:00\"", "\"<script>\"", "null", "\"976\\u0000\""),
                "name", HostileRequests.badText(),
                // A Mastodon account takes no URL at all: its instance is part of its credentials.
                "baseUrl", List.of("\"javascript:alert(1)\"", "\"file:///etc/passwd\"", "\"ftp://x\"", "\"https://\"",
                        "\"https://a b\"", "\"https://x\\u0000\"", "\"https://attacker.example\"",
                        "\"http://127.0.0.1:8080\"", "\"https://169.254.169.254/latest/meta-data/\""),
                "credentials", List.of("\"../../etc/passwd\"", "\"a b\"", "\"${env:PATH}\"", "\"\"", "null"),
                "language", List.of("\"de\"", "\"fr\\u0000\"", "[]"),
                "target", HostileRequests.badText());
        HostileRequests.fire(500, HostileRequests.json(valid, invalid), attack -> HostileRequests.post(
                base + "api/v1/social-accounts", Map.of("Authorization", "Bearer " + Tokens.ministry()), attack));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from social_account")).isEqualTo(before);
    }

    /**
     * Destinations that would take a webhook's posts, or any network's credentials, inside the cluster, to the cloud
     * metadata service, over plain http or through a redirect: all refused with a problem naming the field, nothing
     * stored, nothing sent (issue #14, finding 6).
     */
    @Test
    void socialAccountDestinationsThatReachInsideAreRefused() {
        WireMockServer inside = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        inside.start();
        try {
            inside.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(204)));
            inside.stubFor(post("/redirect").willReturn(aResponse().withStatus(302)
                    .withHeader("Location", inside.baseUrl() + "/redirected")));
            long before = TestDatabase.queryLong("broadcast", "select count(*) from social_account");
            String local = "127.0.0.1:" + inside.port();
            List<String> webhooks = List.of(inside.baseUrl() + "/hook", "https://" + local + "/hook",
                    "https://localhost:" + inside.port() + "/hook", "https://" + local + "/redirect", "http://" + local + "/redirect",
                    "https://10.0.0.8/hook", "https://172.16.5.4/hook", "https://192.168.1.10/hook", "https://100.64.0.1/hook",
                    "https://169.254.169.254/latest/meta-data/iam/", "https://[fd00:ec2::254]/latest/meta-data/",
                    "https://100.100.100.200/latest/meta-data/", "https://[::1]/hook", "https://[fe80::1]/hook",
                    "https://[fc00::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:169.254.169.254]/",
                    "https://0.0.0.0/hook", "https://[::]/hook", "https://224.0.0.1/hook",
                    "https://user:password@partner.example/hook", "http://partner.example/hook");
            List<String> failures = new ArrayList<>();
            for (String url : webhooks) {
                check(failures, "WEBHOOK", url);
            }
            // The networks whose host the service fixes: a URL in the request is refused whatever it is.
            for (String network : List.of("MASTODON", "BLUESKY", "X", "FACEBOOK", "TELEGRAM")) {
                check(failures, network, "https://" + local + "/redirect");
                check(failures, network, "https://partner.example");
            }
            assertThat(failures).isEmpty();
            assertThat(TestDatabase.queryLong("broadcast", "select count(*) from social_account")).isEqualTo(before);
            assertThat(inside.getAllServeEvents()).as("nothing sent, the redirect's target least of all").isEmpty();
        } finally {
            inside.stop();
        }
    }

    private void check(List<String> failures, String network, String url) {
        String body = "{\"network\": \"" + network + "\", \"territory\": \"department:976\", \"name\": \"Destination "
                + network + "\", \"baseUrl\": \"" + url + "\", \"credentials\": \"hostile-test\", \"target\": \"x\"}";
        HostileRequests.Answer answer = HostileRequests.post(base + "api/v1/social-accounts",
                Map.of("Authorization", "Bearer " + Tokens.ministry()),
                HostileRequests.Attack.of("destination", "application/json", body));
        if (answer.status() != 400 || !answer.contentType().startsWith("application/problem+json")
                || !answer.body().contains("\"field\":\"baseUrl\"")) {
            failures.add(network + " " + url + " → " + answer.status() + " " + answer.body());
        }
    }

    /** Flagging testers (#20): bad destinations and flags refused naming the field, no one made a tester. */
    @Test
    void subscriptionTesters() {
        long testers = TestDatabase.queryLong("broadcast", "select count(*) from subscription where tester");
        String valid = "{\"mobile\": \"06 39 98 09 99\", \"tester\": true}";
        Map<String, List<String>> invalid = Map.of(
                "mobile", List.of("\"08 99 12 34 56\"", "\"3620\"", "\"+44 7700 900123\"", "\"06 12\"", "\"\"", "[]", "42",
                        "\"+33 6 39 98 09 99\\r\\nBcc: x@example.org\""),
                "email", List.of("\"abonne@example.org\\r\\nBcc: victime@example.org\"", "\"a@example.org,b@example.org\""),
                "tester", List.of("\"yes\"", "null", "[]", "2"));
        HostileRequests.fire(200, HostileRequests.json(valid, invalid), attack -> HostileRequests.put(
                base + "api/v1/subscription-testers", Map.of("Authorization", "Bearer " + Tokens.ministry()), attack));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where tester")).isEqualTo(testers);
    }

    /** The delivery status's query parameters: never a 5xx, errors as problem+json naming the parameter. */
    @Test
    void deliveryQueries() {
        String ministry = "Bearer " + Tokens.ministry();
        HostileRequests.fireGets(base.toString(), 200, Map.of("Authorization", ministry), (random, encoded) ->
                switch (random.nextInt(3)) {
                    case 0 -> "api/v1/deliveries?incident=" + encoded;
                    case 1 -> "api/v1/deliveries?subject=" + encoded;
                    default -> "api/v1/social-accounts/" + encoded;
                });
        io.restassured.RestAssured.given().header("Authorization", ministry).get(base + "api/v1/deliveries").then()
                .statusCode(400).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("incident"));
    }
}
