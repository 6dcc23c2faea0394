package fr.tocsin.broadcast.subscriptions.pages;

import fr.tocsin.broadcast.subscriptions.ManageLinksAccess;
import fr.tocsin.localstack.MailServer;
import fr.tocsin.localstack.SmscServer;
import fr.tocsin.pagekit.DsfrFiles;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

/**
 * The subscription pages without JavaScript, as a browser posts their forms (form-encoded, Origin of the public site),
 * on the test stack's real SMSC and SMTP server: the form → the code page or "check your mailbox" → confirmed; the
 * e-mail link's page confirms only on its button; the management link lists and deletes; unsubscribing; the privacy
 * page; the pages' headers. Mobiles 06 39 98 03 xx (ARCEP fiction range), addresses of their own.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = {
        @ResourceArg(name = "database", value = "broadcast"), @ResourceArg(name = "messaging", value = "true")})
class SubscriptionPagesTest {

    private static final String SITE = "http://127.0.0.1:8080";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private static SmscServer smsc() {
        return TestStack.get().smsc();
    }

    private static MailServer mail() {
        return TestStack.get().mail();
    }

    private static RequestSpecification browser() {
        return given().header("Origin", SITE).contentType(ContentType.URLENC).redirects().follow(false);
    }

    @Test
    void theFormAndThePrivacyPageInBothLanguagesWithThePublicPagesHeaders() throws Exception {
        for (String path : java.util.List.of("/abonnement", "/en/abonnement",
                "/abonnement/donnees-personnelles", "/en/abonnement/donnees-personnelles", "/abonnement/gerer")) {
            Response page = given().get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Security-Policy")).as(path).contains("default-src 'none'", "form-action 'self'",
                    "frame-ancestors 'none'").doesNotContain("unsafe-inline", "script-src");
            assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.header("Cache-Control")).isEqualTo("no-store");
            assertThat(page.asString()).as(path).contains("lang=\"" + (path.startsWith("/en") ? "en" : "fr") + "\"")
                    .contains("/abonnement/static/dsfr/" + DsfrFiles.version() + "/core/core.min.css")
                    .doesNotContain("<script");
        }
        assertThat(given().queryParam("territory", "Nord (59)").get("/abonnement").asString()).contains("value=\"Nord (59)\"");
        assertThat(given().get("/abonnement/donnees-personnelles").asString())
                .contains("Finalité", "Durée de conservation", "supprimés", "l’heure de votre demande");
        assertThat(given().get("/en/abonnement/donnees-personnelles").asString())
                .contains("Purpose", "How long", "deleted");
        String stylesheet = "/abonnement/static/dsfr/" + DsfrFiles.version() + "/core/core.min.css";
        Response css = given().header("Accept-Encoding", "gzip").get(stylesheet);
        css.then().statusCode(200).contentType(startsWith("text/css")).header("X-Content-Type-Options", "nosniff")
                .header("Content-Encoding", "gzip").header("Cache-Control", "public, max-age=31536000, immutable")
                .header("Vary", "Accept-Encoding");
        assertThat(css.asString()).contains(".fr-"); // RestAssured inflated it
        int zipped = Integer.parseInt(css.header("Content-Length"));
        // A client that asks for no encoding (RestAssured always offers gzip): the plain bytes.
        java.net.http.HttpResponse<byte[]> plain = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                        + stylesheet)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(css.asString());
        assertThat(zipped).as("gzipped against plain").isLessThan(plain.body().length / 3);
        given().header("If-None-Match", css.header("ETag")).get(stylesheet).then().statusCode(304)
                .header("ETag", css.header("ETag"));
        given().get("/abonnement/static/dsfr/core/core.min.css").then().statusCode(404); // unversioned
        given().get("/abonnement/static/dsfr/0.0.1/core/core.min.css").then().statusCode(404); // another release
        given().get("/abonnement/static/dsfr/" + DsfrFiles.version() + "/fonts/Marianne-Regular.woff2").then()
                .statusCode(200).header("Content-Encoding", org.hamcrest.Matchers.nullValue()); // compressed already
        given().get("/abonnement/nulle-part").then().statusCode(404);
    }

    @Test
    void anSmsSubscriptionThroughTheFormAndItsCodePage() {
        Response posted = browser().formParam("destination", "06 39 98 03 01").formParam("territory", "Nord (59)")
                .post("/abonnement");
        assertThat(posted.statusCode()).isEqualTo(303);
        String codePage = URI.create(posted.header("Location")).getRawPath() + "?" + URI.create(posted.header("Location")).getRawQuery();
        assertThat(codePage).startsWith("/abonnement/code?id=");
        String id = codePage.substring(codePage.indexOf('=') + 1);
        given().get(codePage).then().statusCode(200).body(containsString("name=\"code\""));
        String text = await().atMost(Duration.ofSeconds(20)).until(() -> smsc().messagesTo("33639980301"),
                list -> list.size() == 1).getFirst().text();
        Matcher code = CODE.matcher(text);
        assertThat(code.find()).isTrue();
        String wrong = code.group(1).equals("000000") ? "000001" : "000000";
        browser().formParam("id", id).formParam("code", wrong).post("/abonnement/code").then().statusCode(422)
                .contentType(startsWith("text/html")).body(containsString("id=\"code-error\""));
        browser().formParam("id", id).formParam("code", code.group(1).substring(0, 3) + " " + code.group(1).substring(3))
                .post("/abonnement/code").then().statusCode(200).body(containsString("Abonnement confirmé"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where id = ?::uuid and "
                + "confirmed_at is not null and territory = 'department:59' and language = 'fr' and destination = "
                + "'+33639980301'", id)).isEqualTo(1);
    }

    @Test
    void anEmailSubscriptionIsConfirmedOnlyByTheButtonOfItsLinksPage() {
        String address = "page.lien@example.org";
        Response posted = browser().formParam("destination", address).formParam("territory", "Lille (59350)")
                .post("/en/abonnement");
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.header("Location")).endsWith("/en/abonnement/courriel-envoye");
        given().get("/en/abonnement/courriel-envoye").then().statusCode(200).body(containsString("Check your mailbox"));
        MailServer.Mail confirmation = await().atMost(Duration.ofSeconds(20))
                .until(() -> mail().receivedBy(address), list -> list.size() == 1).getFirst();
        Matcher link = Pattern.compile("/en/abonnement/confirmation\\?token=([A-Za-z0-9_-]{43})").matcher(confirmation.text());
        assertThat(link.find()).isTrue();
        // A mail scanner opening the link, twice: nothing confirmed.
        for (int i = 0; i < 2; i++) {
            given().get(link.group()).then().statusCode(200).body(containsString("name=\"token\""));
        }
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ? and "
                + "confirmed_at is null", address)).isEqualTo(1);
        // The old API link (mails sent before) leads to the same page, still confirming nothing.
        given().redirects().follow(false).get("/api/v1/subscriptions/confirmation?token=" + link.group(1)).then()
                .statusCode(303).header("Location", containsString("/abonnement/confirmation?token=" + link.group(1)));
        browser().formParam("token", link.group(1)).post("/en/abonnement/confirmation").then().statusCode(200)
                .body(containsString("Subscription confirmed"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ? and "
                + "confirmed_at is not null and territory = 'commune:59350' and language = 'en'", address)).isEqualTo(1);
        browser().formParam("token", link.group(1)).post("/en/abonnement/confirmation").then().statusCode(404)
                .contentType(startsWith("text/html"));

        // Unsubscribing from the link of the e-mails: a page with a button, then gone.
        String unsubscribe = URI.create(confirmation.header("List-Unsubscribe").replaceAll("^<|>$", "")).getRawQuery()
                .substring("token=".length());
        given().redirects().follow(false).get("/api/v1/subscriptions/unsubscribe?token=" + unsubscribe).then().statusCode(303);
        given().get("/abonnement/desabonnement?token=" + unsubscribe).then().statusCode(200)
                .body(containsString("Me désabonner"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?", address))
                .isEqualTo(1);
        browser().formParam("token", unsubscribe).post("/abonnement/desabonnement").then().statusCode(200)
                .body(containsString("Vous êtes désabonné"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?", address))
                .isZero();
    }

    @Test
    void aPostalCodeOfSeveralCommunesAsksWhichOne() {
        Response page = browser().formParam("destination", "06 39 98 03 02").formParam("territory", "01400")
                .post("/abonnement");
        assertThat(page.statusCode()).isEqualTo(422);
        Matcher choice = Pattern.compile("type=\"radio\" id=\"territory-0\" name=\"territory\" value=\"([^\"]+)\"")
                .matcher(page.asString());
        assertThat(choice.find()).as(page.asString()).isTrue();
        assertThat(smsc().messagesTo("33639980302")).isEmpty();
        browser().formParam("destination", "06 39 98 03 02").formParam("territory", choice.group(1)
                        .replace("&#39;", "'").replace("&amp;", "&")).post("/abonnement").then().statusCode(303);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = "
                + "'+33639980302' and territory like 'commune:01%'")).isEqualTo(1);
        for (String all : java.util.List.of("France", "toute la France", "FR")) {
            browser().formParam("destination", "06 39 98 03 03").formParam("territory", all).post("/abonnement");
        }
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = "
                + "'+33639980303' and territory = 'FR'")).isEqualTo(1);
    }

    @Test
    void theManagementLinkListsAndDeletesOnesOwnSubscriptionsOnly() {
        String address = "page.gerer@example.org";
        for (String territory : java.util.List.of("Calvados (14)", "Caen (14118)")) {
            browser().formParam("destination", address).formParam("territory", territory).post("/abonnement")
                    .then().statusCode(303);
        }
        browser().formParam("destination", "page.autre@example.org").formParam("territory", "14").post("/abonnement")
                .then().statusCode(303);
        browser().formParam("destination", address).post("/abonnement/gerer").then().statusCode(200)
                .body(containsString("Lien envoyé"));
        MailServer.Mail manage = await().atMost(Duration.ofSeconds(20)).until(() -> mail().receivedBy(address),
                list -> list.size() == 3).getLast();
        Matcher link = Pattern.compile("/abonnement/mes-abonnements\\?token=([A-Za-z0-9_-]+)").matcher(manage.text());
        assertThat(link.find()).as(manage.text()).isTrue();
        String token = link.group(1);
        String list = given().get(link.group()).then().statusCode(200).extract().asString();
        assertThat(list).contains("Calvados (14)", "Caen", "en attente de confirmation").doesNotContain("page.autre");
        String other = TestDatabase.query("broadcast", "select id from subscription where destination = 'page.autre@example.org'")
                .getFirst().getFirst();
        browser().formParam("token", token).formParam("id", other).post("/abonnement/mes-abonnements").then().statusCode(404);
        String calvados = TestDatabase.query("broadcast", "select id from subscription where destination = '" + address
                + "' and territory = 'department:14'").getFirst().getFirst();
        browser().formParam("token", token).formParam("id", calvados).post("/abonnement/mes-abonnements").then()
                .statusCode(200).body(containsString("Abonnement supprimé"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?", address))
                .isEqualTo(1);
        browser().formParam("token", token).formParam("all", "1").post("/abonnement/mes-abonnements").then()
                .statusCode(200).body(containsString("Aucun abonnement"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?", address))
                .isZero();
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = "
                + "'page.autre@example.org'")).isEqualTo(1);
        // Expired, or tampered with: nothing.
        given().get("/abonnement/mes-abonnements?token=" + ManageLinksAccess.expired("EMAIL", "page.autre@example.org"))
                .then().statusCode(404).contentType(startsWith("text/html"));
        String tampered = token.substring(0, 20) + (token.charAt(20) == 'A' ? 'B' : 'A') + token.substring(21);
        given().get("/abonnement/mes-abonnements?token=" + tampered).then().statusCode(404);
    }

    @Test
    void neverConfirmedSubscriptionsAreDeletedAfterADay() {
        String address = "page.oubli@example.org";
        browser().formParam("destination", address).formParam("territory", "33").post("/abonnement").then().statusCode(303);
        TestDatabase.execute("broadcast", "update subscription set requested_at = now() - interval '25 hours' where "
                + "destination = '" + address + "'");
        assertThat(fr.tocsin.broadcast.subscriptions.PurgeAccess.purgeNow()).isGreaterThanOrEqualTo(1);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?", address))
                .isZero();
    }
}
