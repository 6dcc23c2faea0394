package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.localstack.MailServer;
import fr.tocsin.localstack.SmscServer;
import fr.tocsin.testsupport.HostileRequests;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.jsmpp.SMPPConstant;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Subscriptions on the real SMSC (SMPP) and SMTP server of the test stack: double opt-in by code and by link, one-click
 * unsubscribe, STOP by SMS, the per-destination limit, hostile input. Each test uses its own ARCEP fiction mobiles
 * (06 39 98 xx xx) and its own addresses, so none reads another's messages.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = {
        @ResourceArg(name = "database", value = "broadcast"), @ResourceArg(name = "messaging", value = "true")})
class SubscriptionTest {

    private static final String API = "/api/v1/subscriptions";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @TestHTTPResource("/")
    URL base;

    private static SmscServer smsc() {
        return TestStack.get().smsc();
    }

    private static MailServer mail() {
        return TestStack.get().mail();
    }

    private static io.restassured.response.Response subscribe(Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(body).post(API);
    }

    @Test
    void anSmsSubscriptionIsConfirmedByTheCodeItReceivedAndNothingElse() {
        String id = subscribe(Map.of("mobile", "06 39 98 01 01", "territory", "department:59"))
                .then().statusCode(202).body("channel", equalTo("SMS")).body("status", equalTo("PENDING"))
                .extract().path("id");
        SmscServer.Message sms = await().atMost(Duration.ofSeconds(20))
                .until(() -> smsc().messagesTo("33639980101"), list -> list.size() == 1).getFirst();
        assertThat(sms.source()).isEqualTo("38100");
        assertThat(sms.segments()).isEqualTo(1);
        assertThat(sms.text()).startsWith("Tocsin : votre code de confirmation est ");
        Matcher code = CODE.matcher(sms.text());
        assertThat(code.find()).isTrue();
        String wrong = code.group(1).equals("000000") ? "000001" : "000000";

        given().contentType(ContentType.JSON).body(Map.of("code", wrong)).post(API + "/" + id + "/confirmation")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("code"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where id = ?::uuid"
                + " and confirmed_at is null", id)).isEqualTo(1);
        given().contentType(ContentType.JSON).body(Map.of("code", code.group(1))).post(API + "/" + id + "/confirmation")
                .then().statusCode(200).body("status", equalTo("CONFIRMED"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where id = ?::uuid"
                + " and confirmed_at is not null and code_sha256 is null and destination = '+33639980101'", id)).isEqualTo(1);
        // Confirmed: asking again sends nothing more.
        subscribe(Map.of("mobile", "+33 6 39 98 01 01", "territory", "59")).then().statusCode(202);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> smsc().messagesTo("33639980101").size() == 1);
    }

    @Test
    void onlyTheCodeConfirmsWithinFiveAttemptsAndAConfirmedNumberIsNotToldApart() {
        String id = subscribe(Map.of("mobile", "06 39 98 01 61", "territory", "department:64"))
                .then().statusCode(202).extract().path("id");
        String text = await().atMost(Duration.ofSeconds(20))
                .until(() -> smsc().messagesTo("33639980161"), list -> list.size() == 1).getFirst().text();
        Matcher code = CODE.matcher(text);
        assertThat(code.find()).isTrue();
        String right = code.group(1);
        // Four wrong codes: refused, each counted (the count survives the refusal's answer).
        for (int i = 1; i <= 4; i++) {
            String wrong = "%06d".formatted((Integer.parseInt(right) + i) % 1_000_000);
            given().contentType(ContentType.JSON).body(Map.of("code", wrong)).post(API + "/" + id + "/confirmation")
                    .then().statusCode(400).body("errors[0].field", equalTo("code"))
                    .body("detail", equalTo("code incorrect / wrong code"));
        }
        assertThat(TestDatabase.queryLong("broadcast", "select code_attempts from subscription where id = ?::uuid", id))
                .isEqualTo(4);
        given().contentType(ContentType.JSON).body(Map.of("code", right)).post(API + "/" + id + "/confirmation")
                .then().statusCode(200).body("status", equalTo("CONFIRMED"));

        // Someone subscribes the same number again: the same id comes back, and no code confirms it, not even
        // "any code" — the answer is the wrong code's, so it does not tell that this number follows the department.
        String again = subscribe(Map.of("mobile", "06 39 98 01 61", "territory", "department:64"))
                .then().statusCode(202).body("status", equalTo("PENDING")).extract().path("id");
        assertThat(again).isEqualTo(id);
        for (String guess : List.of("000000", right, "123456", "999999", "424242")) {
            given().contentType(ContentType.JSON).body(Map.of("code", guess)).post(API + "/" + id + "/confirmation")
                    .then().statusCode(400).body("errors[0].field", equalTo("code"))
                    .body("detail", equalTo("code incorrect / wrong code"));
        }
        // Five wrong attempts spend it, as for a pending code; it stays confirmed for its owner.
        given().contentType(ContentType.JSON).body(Map.of("code", right)).post(API + "/" + id + "/confirmation")
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("trop d’essais"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where id = ?::uuid"
                + " and confirmed_at is not null", id)).isEqualTo(1);

        // A pending code is refused after five wrong attempts, even the right one.
        String other = subscribe(Map.of("mobile", "06 39 98 01 62", "territory", "department:64"))
                .then().statusCode(202).extract().path("id");
        Matcher otherCode = CODE.matcher(await().atMost(Duration.ofSeconds(20))
                .until(() -> smsc().messagesTo("33639980162"), list -> list.size() == 1).getFirst().text());
        assertThat(otherCode.find()).isTrue();
        for (int i = 1; i <= 5; i++) {
            String wrong = "%06d".formatted((Integer.parseInt(otherCode.group(1)) + i) % 1_000_000);
            given().contentType(ContentType.JSON).body(Map.of("code", wrong)).post(API + "/" + other + "/confirmation")
                    .then().statusCode(400);
        }
        given().contentType(ContentType.JSON).body(Map.of("code", otherCode.group(1))).post(API + "/" + other
                + "/confirmation").then().statusCode(400);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where id = ?::uuid"
                + " and confirmed_at is null", other)).isEqualTo(1);
    }

    @Test
    void anEmailSubscriptionIsConfirmedByItsLinkAndEndsInOneClick() {
        String address = "abonne.lien@example.org";
        subscribe(Map.of("email", address, "territory", "commune:59350", "language", "en"))
                .then().statusCode(202).body("channel", equalTo("EMAIL"));
        MailServer.Mail confirmation = await().atMost(Duration.ofSeconds(20))
                .until(() -> mail().receivedBy(address), list -> list.size() == 1).getFirst();
        assertThat(confirmation.subject()).startsWith("Confirm your subscription").contains("Lille");
        assertThat(confirmation.html()).contains("<a href=");
        assertThat(confirmation.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        String unsubscribe = confirmation.header("List-Unsubscribe").replaceAll("^<|>$", "");
        Matcher link = Pattern.compile("(/en/abonnement/confirmation\\?token=([A-Za-z0-9_-]{43}))")
                .matcher(confirmation.text());
        assertThat(link.find()).isTrue();

        // Opening the link (a mail scanner does) shows a button and confirms nothing; its POST confirms.
        given().get(link.group(1)).then().statusCode(200).contentType(ContentType.HTML);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?"
                + " and confirmed_at is null", address)).isEqualTo(1);
        given().queryParam("token", link.group(2)).post(API + "/confirmation").then().statusCode(200)
                .body("status", equalTo("CONFIRMED"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?"
                + " and confirmed_at is not null and territory = 'commune:59350' and language = 'en'", address)).isEqualTo(1);
        given().queryParam("token", link.group(2)).post(API + "/confirmation").then().statusCode(404)
                .contentType("application/problem+json");

        // A GET of the unsubscribe link (a scanner prefetching it) changes nothing; the RFC 8058 POST deletes the row.
        String path = URI.create(unsubscribe).getRawPath() + "?" + URI.create(unsubscribe).getRawQuery();
        given().get(path).then().statusCode(200);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?", address))
                .isEqualTo(1);
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click").post(path)
                .then().statusCode(200).body("status", equalTo("UNSUBSCRIBED"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?", address))
                .isZero();
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click").post(path)
                .then().statusCode(404);
    }

    @Test
    void stopByTextDeletesEverySmsSubscriptionOfThatMobile() throws Exception {
        for (String territory : List.of("department:62", "FR")) {
            String id = subscribe(Map.of("mobile", "0639980102", "territory", territory)).then().statusCode(202)
                    .extract().path("id");
            String text = await().atMost(Duration.ofSeconds(20)).until(() -> smsc().messagesTo("33639980102"),
                    list -> list.size() == (territory.equals("FR") ? 2 : 1)).getLast().text();
            Matcher code = CODE.matcher(text);
            assertThat(code.find()).isTrue();
            given().contentType(ContentType.JSON).body(Map.of("code", code.group(1))).post(API + "/" + id + "/confirmation")
                    .then().statusCode(200);
        }
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = '+33639980102'"))
                .isEqualTo(2);
        assertThat(smsc().awaitReceiver(Duration.ofSeconds(20))).isTrue();
        smsc().sendMobileOriginated("33639980102", "38100", " Stop ");
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.queryLong("broadcast",
                "select count(*) from subscription where destination = '+33639980102'") == 0);
    }

    @Test
    void oneDestinationGetsAtMostThreeConfirmationsAnHourWhoeverAsks() {
        for (int i = 0; i < 3; i++) {
            subscribe(Map.of("mobile", "06 39 98 01 03", "territory", "department:2A")).then().statusCode(202);
        }
        subscribe(Map.of("mobile", "06 39 98 01 03", "territory", "department:2B")).then().statusCode(429)
                .contentType("application/problem+json").body("errors[0].field", equalTo("mobile"));
        for (int i = 0; i < 20; i++) {
            subscribe(Map.of("mobile", "06 39 98 01 03", "territory", "FR")).then().statusCode(429);
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> smsc().messagesTo("33639980103").size() == 3);
    }

    @Test
    void aThrottledSmscMeansNoConfirmationAndA503() {
        smsc().answerNextWith(SMPPConstant.STAT_ESME_RTHROTTLED, 1);
        subscribe(Map.of("mobile", "06 39 98 01 04", "territory", "department:33")).then().statusCode(503)
                .contentType("application/problem+json").body("errors[0].field", equalTo("mobile"));
        assertThat(smsc().messagesTo("33639980104")).isEmpty();
        subscribe(Map.of("mobile", "06 39 98 01 04", "territory", "department:33")).then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc().messagesTo("33639980104").size() == 1);
    }

    @Test
    void hostileSubscriptionsAreRefusedNamingTheFieldAndSendNothing() {
        int parts = smsc().parts().size();
        int mails = mail().received().size();
        long rows = TestDatabase.queryLong("broadcast", "select count(*) from subscription");
        String valid = "{\"mobile\": \"06 39 98 01 05\", \"territory\": \"department:59\", \"language\": \"fr\"}";
        // Premium, short, foreign, fixed-line, unassigned and malformed numbers; addresses that would add a header or a
        // recipient; territories that do not exist or are regions.
        Map<String, List<String>> invalid = Map.of(
                "mobile", List.of("\"08 99 12 34 56\"", "\"3620\"", "\"15\"", "\"+44 7700 900123\"", "\"01 99 00 12 34\"",
                        "\"06 12\"", "\"0639980105x\"", "\"\"", "\"+33 6 39 98 01 05\\r\\nBcc: x@example.org\"", "[]", "42"),
                "email", List.of("\"abonne@example.org\\r\\nBcc: victime@example.org\"", "\"A <abonne@example.org>\"",
                        "\"a@example.org,b@example.org\"", "\"abonne@example.org\\nSubject: x\"", "\"@example.org\"",
                        "\"abonne@\"", "\"a\\u0000@example.org\"", "\"" + "a".repeat(300) + "@example.org\""),
                "territory", List.of("\"region:32\"", "\"department:00\"", "\"commune:99999\"", "\"<script>\"", "null", "\"\""),
                "language", List.of("\"de\"", "\"fr\\u0000\"", "[]", "\"\""));
        HostileRequests.fire(300, HostileRequests.json(valid, invalid),
                attack -> HostileRequests.post(base + "api/v1/subscriptions", Map.of(), attack));
        for (String email : List.of("abonne@example.org\r\nBcc: victime@example.org", "Abonné <abonne@example.org>")) {
            subscribe(Map.of("email", email, "territory", "FR")).then().statusCode(400)
                    .body("errors[0].field", equalTo("email"));
        }
        subscribe(Map.of("mobile", "+447700900123", "territory", "FR")).then().statusCode(400)
                .body("errors[0].field", equalTo("mobile"));
        given().contentType(ContentType.JSON).body(Map.of("code", "123456"))
                .post(API + "/" + java.util.UUID.randomUUID() + "/confirmation").then().statusCode(404);
        given().queryParam("token", "<script>").post(API + "/confirmation").then().statusCode(400);
        assertThat(smsc().parts()).hasSize(parts);
        assertThat(mail().received()).hasSize(mails);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription")).isEqualTo(rows);
    }
}
