package fr.tocsin.broadcast;

import fr.tocsin.testsupport.AuthorizationMatrix;
import fr.tocsin.testsupport.AuthorizationMatrix.Rule;
import fr.tocsin.testsupport.AuthorizationMatrix.Who;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Every operation of broadcast-service's authority API, reads and writes, against every kind of caller (see
 * AuthorizationMatrix). The registry is national (the ministry only); the delivery status, its re-drives and the
 * audit trail are territorial. Its only public operations are the citizens' subscriptions (#20).
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
class AuthorizationMatrixTest {

    private static final String ACCOUNTS = "/api/v1/social-accounts";
    private static final Who PREFECTURE = Who.prefecture("59");
    private static final String AUDITED = "Auditee " + UUID.randomUUID();

    @Test
    void everyOperationAnswersEachCallerAsItShould() {
        new AuthorizationMatrix()
                .rule("POST " + ACCOUNTS, new Rule(token -> as(token).contentType(ContentType.JSON).body(account())
                        .post(ACCOUNTS), Who.ministry(), PREFECTURE, null))
                .rule("DELETE " + ACCOUNTS + "/{id}", new Rule(token -> {
                    String id = as(Who.ministry().token()).contentType(ContentType.JSON).body(account()).post(ACCOUNTS)
                            .then().statusCode(201).extract().path("id");
                    return as(token).delete(ACCOUNTS + "/" + id);
                }, Who.ministry(), PREFECTURE, null))
                // Re-drives are scoped like the reads: Nord's prefecture re-drives a failure to Nord's account,
                // Pas-de-Calais' is refused; a mayor may not re-drive.
                .rule("POST /api/v1/deliveries/redrive", new Rule(token -> as(token)
                        .queryParam("incident", nordDelivery()).post("/api/v1/deliveries/redrive"),
                        PREFECTURE, Who.mayor("59350"), Who.prefecture("62")))
                .rule("GET " + ACCOUNTS, new Rule(token -> as(token).get(ACCOUNTS), Who.ministry(), PREFECTURE, null))
                // A delivery to an account of Nord: Nord's prefecture sees it, Pas-de-Calais' gets a list without it.
                .rule("GET /api/v1/deliveries", Rule.list(token -> as(token).queryParam("incident", nordDelivery())
                                .get("/api/v1/deliveries"), PREFECTURE, Who.mayor("59350"), Who.prefecture("62"),
                        response -> response.jsonPath().getList("$").isEmpty()))
                // What reached Nord's subscribers (counts per channel): Nord's prefecture sees them, Pas-de-Calais' not.
                .rule("GET /api/v1/deliveries/subscribers", Rule.list(token -> as(token)
                                .queryParam("incident", nordSubscriberDelivery()).get("/api/v1/deliveries/subscribers"),
                        PREFECTURE, Who.mayor("59350"), Who.prefecture("62"),
                        response -> response.jsonPath().getList("$").isEmpty()))
                // The audit trail: a prefecture reads its accounts' records, not another's; operators nothing.
                .rule("GET /api/v1/audit", Rule.list(token -> {
                    String id = as(Who.ministry().token()).contentType(ContentType.JSON).body(Map.of("network", "MASTODON",
                                    "territory", "department:59", "name", AUDITED, "credentials", "matrix-test", "testOnly", true))
                            .post(ACCOUNTS).then().statusCode(201).extract().path("id");
                    as(Who.ministry().token()).delete(ACCOUNTS + "/" + id).then().statusCode(204);
                    return as(token).queryParam("size", 200).get("/api/v1/audit");
                }, PREFECTURE, Who.operator("Réseau Nord", "department:59"), Who.prefecture("62"),
                        response -> !response.asString().contains(AUDITED)))
                .rule("GET /api/v1/audit/verification", new Rule(token -> as(token).get("/api/v1/audit/verification"),
                        Who.ministry(), PREFECTURE, null))
                // Testers (#20): the ministry flags a destination whose subscriptions also receive exercises.
                .rule("PUT /api/v1/subscription-testers", new Rule(token -> {
                    UUID id = pendingSubscription("SMS", null);
                    String mobile = TestDatabase.query("broadcast", "select destination from subscription where id = '"
                            + id + "'").getFirst().getFirst();
                    return as(token).contentType(ContentType.JSON).body(Map.of("mobile", mobile, "tester", true))
                            .put("/api/v1/subscription-testers");
                }, Who.ministry(), PREFECTURE, null))
                // Citizens' subscriptions (#20) are public: double opt-in and unsubscribe links carry their own secrets.
                .open("POST /api/v1/subscriptions", () -> given().contentType(ContentType.JSON)
                        .body(Map.of("email", "matrice." + UUID.randomUUID() + "@example.org", "territory", "department:976"))
                        .post("/api/v1/subscriptions").statusCode())
                .open("POST /api/v1/subscriptions/{id}/confirmation", () -> {
                    UUID id = pendingSubscription("SMS", sha256(UUID.randomUUID() + ":unused"));
                    TestDatabase.execute("broadcast", "update subscription set code_sha256 = '%s' where id = '%s'"
                            .formatted(sha256(id + ":123456"), id));
                    return given().contentType(ContentType.JSON).body(Map.of("code", "123456"))
                            .post("/api/v1/subscriptions/" + id + "/confirmation").statusCode();
                })
                // The links' GETs change nothing: to the page with the button (303, followed).
                .open("GET /api/v1/subscriptions/confirmation", () -> given().queryParam("token", "g".repeat(43))
                        .get("/api/v1/subscriptions/confirmation").statusCode())
                .open("POST /api/v1/subscriptions/confirmation", () -> {
                    String token = "m".repeat(11) + UUID.randomUUID().toString().replace("-", "");
                    pendingSubscription("EMAIL", sha256("link:" + token));
                    return given().queryParam("token", token).post("/api/v1/subscriptions/confirmation").statusCode();
                })
                .open("POST /api/v1/subscriptions/unsubscribe", () -> {
                    UUID id = pendingSubscription("EMAIL", null);
                    String token = TestDatabase.query("broadcast", "select unsubscribe_token from subscription where id = '"
                            + id + "'").getFirst().getFirst();
                    return given().queryParam("token", token).post("/api/v1/subscriptions/unsubscribe").statusCode();
                })
                .open("GET /api/v1/subscriptions/unsubscribe", () -> given().queryParam("token", "g".repeat(43))
                        .get("/api/v1/subscriptions/unsubscribe").statusCode())
                // The subscription pages (#20): public forms, each POST with its own secret or limits; a browser's POST
                // from the site itself (Origin), as the pages' forms send it. A subscription answers 303 to its next
                // page, followed here (200).
                .open("POST /abonnement", () -> page().formParam("destination", "matrice." + UUID.randomUUID() + "@example.org")
                        .formParam("territory", "976").post("/abonnement").statusCode())
                .open("POST /en/abonnement", () -> page().formParam("destination", "matrix." + UUID.randomUUID() + "@example.org")
                        .formParam("territory", "Mayotte (976)").post("/en/abonnement").statusCode())
                .open("POST /abonnement/code", () -> codePost(""))
                .open("POST /en/abonnement/code", () -> codePost("/en"))
                .open("POST /abonnement/confirmation", () -> linkPost(""))
                .open("POST /en/abonnement/confirmation", () -> linkPost("/en"))
                .open("POST /abonnement/desabonnement", () -> unsubscribePost(""))
                .open("POST /en/abonnement/desabonnement", () -> unsubscribePost("/en"))
                .open("POST /abonnement/gerer", () -> page().formParam("destination", "personne." + UUID.randomUUID()
                        + "@example.org").post("/abonnement/gerer").statusCode())
                .open("POST /en/abonnement/gerer", () -> page().formParam("destination", "nobody." + UUID.randomUUID()
                        + "@example.org").post("/en/abonnement/gerer").statusCode())
                .open("POST /abonnement/mes-abonnements", () -> deletePost(""))
                .open("POST /en/abonnement/mes-abonnements", () -> deletePost("/en"))
                .run();
    }

    /**
     * The subscription pages grant nothing to a token: an authority's bearer token opens no one's subscriptions (a
     * forged management link stays a 404 page) and confirms nothing without the code.
     */
    @Test
    void theSubscriptionPagesGrantNothingToAToken() {
        for (String token : new String[] {null, Who.ministry().token(), PREFECTURE.token()}) {
            RequestSpecification as = as(token).header("Origin", "http://127.0.0.1:8080");
            as.queryParam("token", "A".repeat(80)).get("/abonnement/mes-abonnements").then().statusCode(404)
                    .contentType(ContentType.HTML);
            UUID id = pendingSubscription("SMS", sha256(UUID.randomUUID() + ":unused"));
            as(token).header("Origin", "http://127.0.0.1:8080").contentType(ContentType.URLENC).formParam("id", id.toString())
                    .formParam("code", "123456").post("/abonnement/code").then().statusCode(422).contentType(ContentType.HTML);
            as(token).header("Origin", "http://127.0.0.1:8080").contentType(ContentType.URLENC).formParam("token", "x".repeat(43))
                    .formParam("all", "1").post("/abonnement/mes-abonnements").then().statusCode(404);
            org.assertj.core.api.Assertions.assertThat(TestDatabase.queryLong("broadcast",
                    "select count(*) from subscription where id = ?::uuid and confirmed_at is null", id.toString())).isEqualTo(1);
        }
    }

    /** A prefecture re-drives its own accounts' failures of an incident, and leaves another territory's parked. */
    @Test
    void aPrefectureRedrivesOnlyItsOwnAccountsFailures() {
        String subject = nordDelivery();
        UUID account = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        TestDatabase.execute("broadcast", """
                insert into social_account (id, network, territory, name, base_url, credentials, enabled)
                values ('%s', 'WEBHOOK', 'department:62', 'Matrice %s', 'https://partenaire.invalid/%s', 'matrix-read', false);
                insert into delivery (id, account_id, subject, version, kind, status, payload)
                values ('%s', '%s', '%s', 1, 'DECLARED', 'FAILED', '[]'::jsonb);
                update delivery set attempts = 7, last_error = 'parked' where subject = '%s'""".formatted(
                account, account, account, other, account, subject, subject));

        as(PREFECTURE.token()).queryParam("incident", subject).post("/api/v1/deliveries/redrive")
                .then().statusCode(200).body("redriven", org.hamcrest.Matchers.equalTo(1));

        // Re-driven from scratch (whatever the sender has made of it since, its 7 attempts are gone)…
        org.assertj.core.api.Assertions.assertThat(TestDatabase.query("broadcast", "select attempts from delivery where "
                + "subject = '" + subject + "' and id <> '" + other + "'").getFirst().getFirst()).isNotEqualTo("7");
        // …and Pas-de-Calais' failure left as it was.
        org.assertj.core.api.Assertions.assertThat(TestDatabase.query("broadcast",
                        "select status, attempts, last_error from delivery where id = '" + other + "'").getFirst())
                .containsExactly("FAILED", "7", "parked");
        // Every incident at once stays the ministry's.
        as(PREFECTURE.token()).post("/api/v1/deliveries/redrive").then().statusCode(400);
    }

    /** A browser's form POST from the public site (tocsin.public.base-url in tests). */
    private static RequestSpecification page() {
        return given().header("Origin", "http://127.0.0.1:8080").contentType(ContentType.URLENC);
    }

    private static int codePost(String language) {
        UUID id = pendingSubscription("SMS", null);
        TestDatabase.execute("broadcast", "update subscription set code_sha256 = '%s' where id = '%s'"
                .formatted(sha256(id + ":654321"), id));
        return page().formParam("id", id.toString()).formParam("code", "654321").post(language + "/abonnement/code").statusCode();
    }

    private static int linkPost(String language) {
        String token = "p".repeat(11) + UUID.randomUUID().toString().replace("-", "");
        pendingSubscription("EMAIL", sha256("link:" + token));
        return page().formParam("token", token).post(language + "/abonnement/confirmation").statusCode();
    }

    private static int unsubscribePost(String language) {
        UUID id = pendingSubscription("EMAIL", null);
        String token = TestDatabase.query("broadcast", "select unsubscribe_token from subscription where id = '" + id + "'")
                .getFirst().getFirst();
        return page().formParam("token", token).post(language + "/abonnement/desabonnement").statusCode();
    }

    /** Deletes a subscription through a management link made for its destination. */
    private static int deletePost(String language) {
        UUID id = pendingSubscription("EMAIL", null);
        String link = fr.tocsin.broadcast.subscriptions.ManageLinksAccess.token("EMAIL", id + "@example.org");
        return page().formParam("token", link).formParam("id", id.toString()).post(language + "/abonnement/mes-abonnements")
                .statusCode();
    }

    /** A failed delivery (never retried) to a disabled account of Nord, for the subject it returns. */
    private static String nordDelivery() {
        UUID account = UUID.randomUUID();
        String subject = UUID.randomUUID().toString();
        TestDatabase.execute("broadcast", """
                insert into social_account (id, network, territory, name, base_url, credentials, enabled)
                values ('%s', 'WEBHOOK', 'department:59', 'Matrice %s', 'https://partenaire.invalid/%s', 'matrix-read', false);
                insert into delivery (id, account_id, subject, version, kind, status, payload)
                values ('%s', '%s', '%s', 1, 'DECLARED', 'FAILED', '[]'::jsonb)""".formatted(
                account, account, account, UUID.randomUUID(), account, subject));
        return subject;
    }

    /** Fiction mobiles (06 39 98 xx xx) of Nord's subscribers, one per call. */
    private static final java.util.concurrent.atomic.AtomicInteger NORD_MOBILES =
            new java.util.concurrent.atomic.AtomicInteger(1000 + (int) (Math.random() * 4000));

    /** A message of a new incident sent to a subscriber of Nord (an SMS), written straight into the database. */
    private static String nordSubscriberDelivery() {
        UUID subscription = UUID.randomUUID();
        String subject = UUID.randomUUID().toString();
        TestDatabase.execute("broadcast", """
                insert into subscription (id, channel, destination, territory, language, unsubscribe_token, requested_at,
                                          confirmed_at)
                values ('%s', 'SMS', '+3363998%s', 'department:59', 'fr', '%s', now(), now());
                insert into delivery (id, subscription_id, destination_key, subject, version, kind, status)
                select '%s', id, destination_key, '%s', 1, 'DECLARED', 'SENT' from subscription where id = '%s'"""
                .formatted(subscription,
                NORD_MOBILES.getAndIncrement(), "s".repeat(11) + subscription.toString().replace("-", ""),
                UUID.randomUUID(), subject, subscription));
        return subject;
    }

    /** A pending subscription to Mayotte written straight into the database, with this code hash. */
    private static UUID pendingSubscription(String channel, String codeSha256) {
        UUID id = UUID.randomUUID();
        String unsubscribe = "u".repeat(11) + UUID.randomUUID().toString().replace("-", "");
        TestDatabase.execute("broadcast", """
                insert into subscription (id, channel, destination, territory, language, code_sha256, code_expires_at,
                                          unsubscribe_token, requested_at)
                values ('%s', '%s', '%s', 'department:976', 'fr', %s, now() + interval '10 minutes', '%s', now())""".formatted(
                id, channel, channel.equals("SMS") ? "+3363998" + (1000 + (int) (Math.random() * 8999)) : id + "@example.org",
                codeSha256 == null ? "null" : "'" + codeSha256 + "'", unsubscribe));
        return id;
    }

    private static String sha256(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A test account for Mayotte, where no other test declares anything: it never receives a post. */
    private static Map<String, String> account() {
        return Map.of("network", "MASTODON", "territory", "department:976", "name", "Matrice " + UUID.randomUUID(),
                "credentials", "matrix-test");
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().header("Authorization", "Bearer " + token);
    }
}
