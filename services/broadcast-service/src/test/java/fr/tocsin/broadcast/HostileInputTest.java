package fr.tocsin.broadcast;

import fr.tocsin.testsupport.HostileRequests;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TestStack;
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
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input on the authority API: account registrations (problem+json naming the field, nothing stored, nothing
 * sent), flagging subscription testers, and the delivery status's parameters (never a 5xx); and on the citizens'
 * subscription form (#20), on the test stack's real SMSC and SMTP server: error pages naming the field, limits applied,
 * nothing sent beyond them. Run with the production rule for destinations, which the test profile relaxes.
 */
@QuarkusTest
@TestProfile(StrictDestinations.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = {
        @ResourceArg(name = "database", value = "broadcast"), @ResourceArg(name = "messaging", value = "true")})
class HostileInputTest {

    /** The public site, whose pages carry the subscription form (tocsin.public.base-url in tests). */
    private static final String SITE = "http://127.0.0.1:8080";
    /** Vert.x's limit on one form field (quarkus.http.limits.max-form-attribute-size, 2 KiB): beyond, 413. */
    private static final int FORM_FIELD_LIMIT = 2048;

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
                switch (random.nextInt(5)) {
                    case 0 -> "api/v1/deliveries?incident=" + encoded;
                    case 1 -> "api/v1/deliveries?subject=" + encoded;
                    case 2 -> "api/v1/deliveries/subscribers?incident=" + encoded;
                    case 3 -> "api/v1/deliveries/subscribers?subject=" + encoded;
                    default -> "api/v1/social-accounts/" + encoded;
                });
        for (String path : List.of("api/v1/deliveries", "api/v1/deliveries/subscribers")) {
            io.restassured.RestAssured.given().header("Authorization", ministry).get(base + path).then()
                    .statusCode(400).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("incident"));
        }
        // A prefecture's re-drive (#21): a malformed incident is refused without a 5xx, a missing one names the field.
        String prefecture = "Bearer " + Tokens.prefecture("59");
        for (String hostile : List.of("not-a-uuid", "%00", "%27%3B%20drop%20table%20delivery", "..%2F..%2F")) {
            io.restassured.RestAssured.given().header("Authorization", prefecture).urlEncodingEnabled(false)
                    .post(base + "api/v1/deliveries/redrive?incident=" + hostile).then()
                    .statusCode(org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.greaterThanOrEqualTo(400),
                            org.hamcrest.Matchers.lessThan(500)));
        }
        io.restassured.RestAssured.given().header("Authorization", prefecture).post(base + "api/v1/deliveries/redrive")
                .then().statusCode(400).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("incident"));
    }

    /**
     * The subscription form of the public pages (issue #20): bad, premium, short, fixed-line and foreign numbers,
     * addresses that would add a header or a recipient, territories that are none — each a 422 page naming its field
     * (never a 500, never the value's markup echoed), nothing stored, nothing sent.
     */
    @Test
    void subscriptionFormRefusesHostileValuesNamingTheField() {
        int parts = TestStack.get().smsc().parts().size();
        int mails = TestStack.get().mail().received().size();
        long rows = TestDatabase.queryLong("broadcast", "select count(*) from subscription");
        List<String> destinations = List.of("08 99 12 34 56", "3620", "15", "112", "+44 7700 900123", "+1 202 555 0143",
                "01 99 00 12 34", "06 12", "0639980201x", "", " ", "+33 6 39 98 02 01\r\nBcc: x@example.org",
                "abonne@example.org\r\nBcc: victime@example.org", "abonne@example.org\nSubject: x", "A <abonne@example.org>",
                "Abonné <abonne@example.org>", "a@example.org,b@example.org", "a@example.org;b@example.org", "@example.org",
                "abonne@", "a\u0000@example.org", "a".repeat(300) + "@example.org", "<script>alert(1)</script>@x.org",
                "9".repeat(5000));
        for (String destination : destinations) {
            String raw = destination.replace("\r", "\\r").replace("\n", "\\n");
            io.restassured.response.Response page = form(SITE).formParam("destination", destination)
                    .formParam("territory", "Nord (59)").post("/abonnement");
            if (destination.length() > FORM_FIELD_LIMIT) {
                assertThat(page.statusCode()).as(raw).isEqualTo(413); // refused by the HTTP layer, before any code
                continue;
            }
            assertThat(page.statusCode()).as(raw).isEqualTo(422);
            assertThat(page.contentType()).as(raw).startsWith("text/html");
            assertThat(page.asString()).as(raw).contains("id=\"destination-error\"", "aria-invalid=\"true\"")
                    .doesNotContain("<script>alert", "\r\nBcc");
        }
        for (String raw : List.of("region:32", "département inconnu", "<script>alert(1)</script>", "x".repeat(300),
                "Lille\u0000", "", "zzqqxxw", "00000", "99")) {
            String territory = raw;
            io.restassured.response.Response page = form(SITE).formParam("destination", "06 39 98 02 01")
                    .formParam("territory", territory).post("/en/abonnement");
            assertThat(page.statusCode()).as(raw).isEqualTo(422);
            assertThat(page.asString()).as(raw).contains("id=\"territory-error\"", "lang=\"en\"")
                    .doesNotContain("<script>alert");
        }
        // Codes and links: wrong, malformed or unknown — pages, never a 500.
        for (String code : List.of("", "12345", "1234567", "abcdef", "<script>", "9".repeat(500))) {
            int status = form(SITE).formParam("id", java.util.UUID.randomUUID().toString()).formParam("code", code)
                    .post("/abonnement/code").statusCode();
            assertThat(status).as(code).isEqualTo(404);
        }
        for (String path : List.of("/abonnement/confirmation", "/abonnement/desabonnement", "/abonnement/mes-abonnements")) {
            for (String token : List.of("", "<script>", "x".repeat(43), "x".repeat(5000), "../../etc/passwd")) {
                io.restassured.response.Response page = form(SITE).formParam("token", token).post(path);
                assertThat(page.statusCode()).as(path + " " + token).isEqualTo(token.length() > FORM_FIELD_LIMIT ? 413 : 404);
                if (page.statusCode() == 404) {
                    assertThat(page.contentType()).startsWith("text/html");
                }
            }
        }
        assertThat(TestStack.get().smsc().parts()).hasSize(parts);
        assertThat(TestStack.get().mail().received()).hasSize(mails);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription")).isEqualTo(rows);
    }

    /**
     * 1,000 subscription requests, then 1,000 management-link requests, for one destination: three messages reach it
     * in the hour, whoever asks; every other request gets a page saying why (429), or the same neutral page for the
     * links (whether a stranger subscribed is not the caller's to know).
     */
    @Test
    void aThousandConfirmationRequestsToOneDestinationSendThree() {
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            io.restassured.response.Response page = form(SITE).redirects().follow(false)
                    .formParam("destination", "06 39 98 02 02").formParam("territory", i % 2 == 0 ? "59" : "Lille (59350)")
                    .post("/abonnement");
            statuses.merge(page.statusCode(), 1, Integer::sum);
            if (page.statusCode() == 429) {
                assertThat(page.contentType()).startsWith("text/html");
                assertThat(page.asString()).contains("id=\"destination-error\"");
            }
        }
        assertThat(statuses).isEqualTo(Map.of(303, 3, 429, 997));
        await().during(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(10))
                .until(() -> TestStack.get().smsc().messagesTo("33639980202").size() == 3);

        String address = "mille.demandes@example.org";
        form(SITE).formParam("destination", address).formParam("territory", "France").post("/abonnement")
                .then().statusCode(200); // 303 to "check your mailbox", followed
        for (int i = 0; i < 1000; i++) {
            form(SITE).formParam("destination", address).post("/abonnement/gerer").then().statusCode(200);
        }
        await().during(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(10))
                .until(() -> TestStack.get().mail().receivedBy(address).size() == 3);
        // A destination with no subscription is sent nothing at all.
        form(SITE).formParam("destination", "inconnu.gerer@example.org").post("/abonnement/gerer").then().statusCode(200);
        assertThat(TestStack.get().mail().receivedBy("inconnu.gerer@example.org")).isEmpty();
    }

    /**
     * Another site's page cannot make its visitors' browsers post the forms (their Origin, or Sec-Fetch-Site without
     * one, gives it away): 403 page, nothing stored, nothing sent. The site's own pages and clients without these
     * headers may.
     */
    @Test
    void theFormsRefuseAPostFromAnotherSite() {
        long rows = TestDatabase.queryLong("broadcast", "select count(*) from subscription");
        for (String origin : List.of("https://attacker.example", "null", "http://127.0.0.1:8080.attacker.example")) {
            form(origin).formParam("destination", "06 39 98 02 03").formParam("territory", "59").post("/abonnement")
                    .then().statusCode(403).contentType(org.hamcrest.Matchers.startsWith("text/html"));
        }
        given().contentType(io.restassured.http.ContentType.URLENC).header("Sec-Fetch-Site", "cross-site")
                .formParam("destination", "06 39 98 02 03").formParam("territory", "59").post("/abonnement").then().statusCode(403);
        given().contentType(io.restassured.http.ContentType.URLENC).header("Referer", "https://attacker.example/page")
                .formParam("destination", "06 39 98 02 03").formParam("territory", "59").post("/abonnement").then().statusCode(403);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription")).isEqualTo(rows);
        assertThat(TestStack.get().smsc().messagesTo("33639980203")).isEmpty();
        given().contentType(io.restassured.http.ContentType.URLENC).header("Sec-Fetch-Site", "same-origin")
                .formParam("destination", "06 39 98 02 03").formParam("territory", "59").redirects().follow(false)
                .post("/abonnement").then().statusCode(303);
    }

    private static io.restassured.specification.RequestSpecification form(String origin) {
        return given().header("Origin", origin).contentType(io.restassured.http.ContentType.URLENC);
    }
}
