package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.delivery.persistence.DeliveryStatus;
import fr.tocsin.broadcast.delivery.persistence.SubscriberLedger;
import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.sms.Gsm7;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.localstack.MailServer;
import fr.tocsin.localstack.SmscServer;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.jsmpp.SMPPConstant;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The subscriber fan-out on the test stack's real SMSC (SMPP) and SMTP server, from events on the real topics:
 * subscribe (code and link) and confirm; a declaration in the commune's department sends exactly one SMS and one
 * e-mail with the live number; new numbers one more; the end one "service rétabli"; redelivered events nothing;
 * STOP and the unsubscribe link stop everything; unconfirmed, out-of-territory and national subscribers receive
 * nothing of a department's incident; exercises reach testers only; a failed delivery receipt suspends the mobile;
 * throttling is waited out. Territories (Lot, Haute-Vienne, Tarn, Gers) and ARCEP fiction numbers (06 39 98 02 xx,
 * 03 53 01 02 xx) are used by no other test.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = {
        @ResourceArg(name = "database", value = "broadcast"), @ResourceArg(name = "messaging", value = "true")})
class SubscriberFanOutTest {

    private static final String API = "/api/v1/subscriptions";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    /** The e-mail's confirmation link: a page whose button POSTs the token (a GET confirms nothing). */
    private static final Pattern LINK = Pattern.compile("/abonnement/confirmation\\?token=([A-Za-z0-9_-]{43})");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Longer than the test profile's declaration hold (2 s) and a poll, so "nothing more" means nothing. */
    private static final Duration QUIET = Duration.ofSeconds(4);

    @Inject
    SubscriberLedger ledger;

    private static SmscServer smsc() {
        return TestStack.get().smsc();
    }

    private static MailServer mail() {
        return TestStack.get().mail();
    }

    @Test
    void eachConcernedConfirmedSubscriberGetsOneMessagePerDeclarationNumbersChangeAndEndAndNothingTwice() throws Exception {
        String commune = "commune:46042"; // Cahors, in the Lot
        String sms = "33639980201";
        String email = "abonne.cahors@example.org";
        String department = "33639980202";
        String unconfirmed = "33639980203";
        String elsewhere = "33639980204";
        String national = "abonne.france@example.org";
        confirmSms("06 39 98 02 01", commune, "fr");
        confirmEmail(email, commune, "fr");
        confirmSms("06 39 98 02 02", "department:46", "en");
        given().contentType(ContentType.JSON).body(Map.of("mobile", "06 39 98 02 03", "territory", "department:46"))
                .post(API).then().statusCode(202);
        confirmSms("06 39 98 02 04", "department:82", "fr");
        confirmEmail(national, "FR", "fr");
        await().atMost(WAIT).until(() -> smsc().messagesTo(unconfirmed).size() == 1);

        UUID id = UUID.randomUUID();
        IncidentSnapshot declared = Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Le 15 ne répond plus dans le Lot",
                List.of("15"), "department:46");
        publish(IncidentEventType.DECLARED, declared);
        publishNumbers("46", 1, List.of(number("15", "+33353010236", id)));

        // One SMS, numbers first, in GSM-7 and at most two segments; one e-mail, plain and HTML, RFC 8058 headers.
        SmscServer.Message text = await().atMost(WAIT).until(() -> smsc().messagesTo(sms), l -> l.size() == 2).getLast();
        assertThat(text.text()).startsWith("Lot : 15 injoignable, appelez le 03 53 01 02 36. Infos : http");
        assertThat(Gsm7.canEncode(text.text())).isTrue();
        assertThat(text.segments()).isLessThanOrEqualTo(2);
        MailServer.Mail message = await().atMost(WAIT).until(() -> mail().receivedBy(email), l -> l.size() == 2).getLast();
        assertThat(message.subject()).isEqualTo("Numéros à appeler maintenant : Lot");
        assertThat(message.text()).contains("15 injoignable, appelez le 03 53 01 02 36").contains("/unsubscribe?token=");
        assertThat(message.html()).contains("<a href=\"tel:+33353010236\">03 53 01 02 36</a>")
                .contains("Se d&#233;sabonner");
        // The HTML part went as it is (ASCII, 7bit), the plain text quoted-printable (UTF-8).
        assertThat(message.raw()).containsPattern("Content-Type: text/html\\r?\nContent-Transfer-Encoding: 7bit")
                .containsPattern("Content-Type: text/plain; charset=utf-8\\r?\nContent-Transfer-Encoding: quoted-printable");
        assertThat(message.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(message.header("List-Unsubscribe")).contains("/api/v1/subscriptions/unsubscribe?token=");
        assertThat(message.raw()).as("no empty Cc header").doesNotContainPattern("(?m)^Cc:");
        String deliveryId = message.header("Message-ID").replaceAll("^<|@tocsin\\.local>$", "");
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from delivery d join subscription s on s.id ="
                + " d.subscription_id where d.id = ?::uuid and s.destination = ? and d.status = 'SENT'",
                deliveryId, email)).isEqualTo(1);
        SmscServer.Message english = await().atMost(WAIT).until(() -> smsc().messagesTo(department), l -> l.size() == 2)
                .getLast();
        assertThat(english.text()).startsWith("Lot: 15 unreachable, call 03 53 01 02 36.");

        // Nothing more: no second message for the numbers the declaration carried, nothing to the others.
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(sms)).hasSize(2);
        assertThat(mail().receivedBy(email)).hasSize(2);
        assertThat(smsc().messagesTo(unconfirmed)).as("unconfirmed: its code only").hasSize(1);
        assertThat(smsc().messagesTo(elsewhere)).as("another department").hasSize(1);
        assertThat(mail().receivedBy(national)).as("all of France: national incidents only").hasSize(1);
        // One each: the declaration carrying the numbers (or, had the numbers been planned first, the numbers alone).
        assertThat(subscriberDeliveries(id.toString()) + subscriberDeliveries("numbers:department:46")).isEqualTo(3);

        // The same events again (a rebalance, a crash before the offset commit): the ledger plans and sends nothing.
        publish(IncidentEventType.DECLARED, declared);
        publishNumbers("46", 1, List.of(number("15", "+33353010236", id)));
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(sms)).hasSize(2);
        assertThat(mail().receivedBy(email)).hasSize(2);
        assertThat(subscriberDeliveries(id.toString()) + subscriberDeliveries("numbers:department:46")).isEqualTo(3);

        // New numbers: one more message each.
        publishNumbers("46", 2, List.of(number("15", "+33353010237", id)));
        assertThat(await().atMost(WAIT).until(() -> smsc().messagesTo(sms), l -> l.size() == 3).getLast().text())
                .startsWith("Lot : 15 injoignable, appelez le 03 53 01 02 37.");
        assertThat(await().atMost(WAIT).until(() -> mail().receivedBy(email), l -> l.size() == 3).getLast().text())
                .contains("03 53 01 02 37");
        await().atMost(WAIT).until(() -> smsc().messagesTo(department).size() == 3);

        // The end: one "service rétabli"; the withdrawal of the numbers that follows adds nothing.
        publish(IncidentEventType.RESOLVED, Incidents.snapshot(id, 2, IncidentStatus.RESOLVED,
                "Le 15 ne répond plus dans le Lot", List.of("15"), "department:46"));
        publishNumbers("46", 3, List.of());
        assertThat(await().atMost(WAIT).until(() -> smsc().messagesTo(sms), l -> l.size() == 4).getLast().text())
                .startsWith("Service rétabli - Lot : Le 15 ne répond plus dans le Lot.");
        MailServer.Mail end = await().atMost(WAIT).until(() -> mail().receivedBy(email), l -> l.size() == 4).getLast();
        assertThat(end.subject()).isEqualTo("Service rétabli : Lot");
        await().atMost(WAIT).until(() -> smsc().messagesTo(department).size() == 4);
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(sms)).hasSize(4);
        assertThat(mail().receivedBy(email)).hasSize(4);
        assertThat(smsc().messagesTo(unconfirmed)).hasSize(1);
        assertThat(smsc().messagesTo(elsewhere)).hasSize(1);
        assertThat(mail().receivedBy(national)).hasSize(1);

        // STOP by SMS and the e-mail's one-click link stop everything; the department's subscriber still hears.
        assertThat(smsc().awaitReceiver(WAIT)).isTrue();
        smsc().sendMobileOriginated(sms, "38100", "STOP");
        String unsubscribe = URI.create(end.header("List-Unsubscribe").replaceAll("^<|>$", "")).getRawPath() + "?"
                + URI.create(end.header("List-Unsubscribe").replaceAll("^<|>$", "")).getRawQuery();
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click").post(unsubscribe)
                .then().statusCode(200);
        await().atMost(WAIT).until(() -> TestDatabase.queryLong("broadcast", "select count(*) from subscription"
                + " where destination in ('+" + sms + "', ?)", email) == 0);
        UUID second = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(second, 1, IncidentStatus.ACTIVE,
                "Le 17 ne répond plus dans le Lot", List.of("17"), "department:46"));
        publishNumbers("46", 4, List.of(number("17", "+33353010238", second)));
        assertThat(await().atMost(WAIT).until(() -> smsc().messagesTo(department), l -> l.size() == 5).getLast().text())
                .contains("17 unreachable, call 03 53 01 02 38");
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(sms)).hasSize(4);
        assertThat(mail().receivedBy(email)).hasSize(4);
    }

    @Test
    void plannedWorksSendOneNoticeAheadThenTheirStartIsDeclared() throws Exception {
        String mobile = "33639980241";
        String email = "abonne.hauteloire@example.org";
        confirmSms("06 39 98 02 41", "department:43", "fr");
        confirmEmail(email, "department:43", "fr");
        UUID id = UUID.randomUUID();
        Instant start = Instant.parse("2026-12-08T01:00:00Z");
        Instant end = Instant.parse("2026-12-08T03:00:00Z");
        String title = "Migration du standard de la préfecture";
        IncidentSnapshot plan = Incidents.planned(id, 1, IncidentStatus.SCHEDULED, title, start, end, List.of("17"),
                "department:43");
        publish(IncidentEventType.DECLARED, plan);

        // The plan: one notice, what and when, and no "injoignable" before the start.
        SmscServer.Message notice = await().atMost(WAIT).until(() -> smsc().messagesTo(mobile), l -> l.size() == 2)
                .getLast();
        assertThat(notice.text()).startsWith("Travaux prévus - Haute-Loire : 17. Du mardi 8 décembre 2026 à 02h00")
                .doesNotContainIgnoringCase("injoignable");
        assertThat(notice.segments()).isLessThanOrEqualTo(2);
        MailServer.Mail mailed = await().atMost(WAIT).until(() -> mail().receivedBy(email), l -> l.size() == 2).getLast();
        assertThat(mailed.subject()).isEqualTo("Travaux prévus : Haute-Loire");
        assertThat(mailed.text()).contains(title).doesNotContainIgnoringCase("injoignable");
        publish(IncidentEventType.DECLARED, plan); // redelivered: nothing more
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(mobile)).hasSize(2);

        // The start: the works are declared like any incident, once, with the numbers they activate.
        publish(IncidentEventType.UPDATED, Incidents.planned(id, 2, IncidentStatus.ACTIVE, title, start, end,
                List.of("17"), "department:43"));
        publishNumbers("43", 1, List.of(number("17", "+33353010239", id)));
        assertThat(await().atMost(WAIT).until(() -> smsc().messagesTo(mobile), l -> l.size() == 3).getLast().text())
                .startsWith("Haute-Loire : 17 injoignable, appelez le 03 53 01 02 39.");
        await().atMost(WAIT).until(() -> mail().receivedBy(email).size() == 3);
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(mobile)).hasSize(3);
        assertThat(mail().receivedBy(email)).hasSize(3);
    }

    @Test
    void plannedWorksCancelledBeforeTheirStartSendOneCancellationToThoseToldOfThem() throws Exception {
        String mobile = "33639980281";
        String email = "abonne.hautespyrenees@example.org";
        subscribed("SMS", "+" + mobile, "department:65", "fr", 0, false);
        subscribed("EMAIL", email, "department:65", "en", 0, false);
        UUID id = UUID.randomUUID();
        Instant start = Instant.parse("2026-12-09T01:00:00Z");
        Instant end = Instant.parse("2026-12-09T03:00:00Z");
        String title = "Migration du standard du SDIS";
        publish(IncidentEventType.DECLARED, Incidents.planned(id, 1, IncidentStatus.SCHEDULED, title, start, end,
                List.of("18"), "department:65"));
        await().atMost(WAIT).until(() -> smsc().messagesTo(mobile).size() == 1);
        await().atMost(WAIT).until(() -> mail().receivedBy(email).size() == 1);

        IncidentSnapshot cancelled = Incidents.planned(id, 2, IncidentStatus.CANCELLED, title, start, end,
                List.of("18"), "department:65");
        publish(IncidentEventType.CANCELLED, cancelled);
        SmscServer.Message text = await().atMost(WAIT).until(() -> smsc().messagesTo(mobile), l -> l.size() == 2)
                .getLast();
        assertThat(text.text()).startsWith("Travaux annulés - Hautes-Pyrénées : 18. Rien ne change : composez les"
                + " numéros habituels. Infos : http").doesNotContainIgnoringCase("injoignable");
        assertThat(text.segments()).isLessThanOrEqualTo(2);
        MailServer.Mail mailed = await().atMost(WAIT).until(() -> mail().receivedBy(email), l -> l.size() == 2).getLast();
        assertThat(mailed.subject()).isEqualTo("Works cancelled: Hautes-Pyrénées");
        assertThat(mailed.text()).contains(title).contains("Nothing changes");
        publish(IncidentEventType.CANCELLED, cancelled); // redelivered: nothing more
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(mobile)).hasSize(2);
        assertThat(mail().receivedBy(email)).hasSize(2);
    }

    @Test
    void exercisesReachTestersOnlyWhomTheMinistryFlags() throws Exception {
        String tester = "33639980211";
        String citizen = "33639980212";
        confirmSms("06 39 98 02 11", "department:87", "fr");
        confirmSms("06 39 98 02 12", "commune:87085", "fr"); // Limoges
        given().header("Authorization", "Bearer " + Tokens.ministry()).contentType(ContentType.JSON)
                .body(Map.of("mobile", "06 39 98 02 11", "tester", true)).put("/api/v1/subscription-testers")
                .then().statusCode(200).body("subscriptions", equalTo(1));
        given().header("Authorization", "Bearer " + Tokens.ministry()).contentType(ContentType.JSON)
                .body(Map.of("mobile", "06 39 98 02 19", "tester", true)).put("/api/v1/subscription-testers")
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + Tokens.ministry()).contentType(ContentType.JSON)
                .body(Map.of("mobile", "08 99 12 34 56", "tester", true)).put("/api/v1/subscription-testers")
                .then().statusCode(400).body("errors[0].field", equalTo("mobile"));

        UUID exercise = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(IncidentMode.EXERCISE, exercise, 1, IncidentStatus.ACTIVE,
                "Exercice : le 18 ne répond plus", List.of("18"), "department:87"));
        assertThat(await().atMost(WAIT).until(() -> smsc().messagesTo(tester), l -> l.size() == 2).getLast().text())
                .startsWith("Haute-Vienne : 18 injoignable.");
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(citizen)).as("not a tester: its code only").hasSize(1);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from audit_record where action = 'SUBSCRIPTION_TESTER'"
                + " and after::text not like '%39980211%'")).isPositive();
    }

    /** Resolved while its declaration was held for its numbers: no declaration, no end, no row planned. */
    @Test
    void anIncidentOverBeforeItsDeclarationWentOutSendsNothing() throws Exception {
        String mobile = "33639980251";
        confirmSms("06 39 98 02 51", "department:52", "fr");
        UUID id = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE,
                "Le 15 ne répond plus en Haute-Marne", List.of("15"), "department:52"));
        // Right behind it, well within the test profile's 2 s hold (one partition: consumed in this order).
        publish(IncidentEventType.RESOLVED, Incidents.snapshot(id, 2, IncidentStatus.RESOLVED,
                "Le 15 ne répond plus en Haute-Marne", List.of("15"), "department:52"));
        await().atMost(WAIT).until(() -> TestDatabase.queryLong("broadcast", "select count(*) from incident_snapshot"
                + " where id = ?::uuid and version = 2", id.toString()) == 1);
        Thread.sleep(QUIET.toMillis());
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscriber_message where subject = ?"
                + " and kind = 'DECLARED' and held_until is null", id.toString())).as("held, then dropped").isEqualTo(1);
        assertThat(smsc().messagesTo(mobile)).as("its code only").hasSize(1);
        assertThat(subscriberDeliveries(id.toString())).isZero();
    }

    @Test
    void aFailedDeliveryReceiptSuspendsTheMobileUntilItConfirmsAgain() throws Exception {
        String gone = "33639980221";
        confirmSms("06 39 98 02 21", "department:81", "fr");
        smsc().undeliverable(gone); // from now on: the number no longer exists
        UUID first = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(first, 1, IncidentStatus.ACTIVE,
                "Le 15 ne répond plus dans le Tarn", List.of("15"), "department:81"));
        await().atMost(WAIT).until(() -> smsc().messagesTo(gone).size() == 2);
        await().atMost(WAIT).until(() -> TestDatabase.queryLong("broadcast", "select count(*) from subscription where"
                + " destination = '+" + gone + "' and suspended_at is not null") == 1);

        UUID second = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(second, 1, IncidentStatus.ACTIVE,
                "Le 17 ne répond plus dans le Tarn", List.of("17"), "department:81"));
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(gone)).as("suspended: nothing more").hasSize(2);
        assertThat(subscriberDeliveries(second.toString())).isZero();

        // Subscribing again (the number works again) sends a code; confirming lifts the suspension.
        smsc().deliverable(gone);
        confirmSms("06 39 98 02 21", "department:81", "fr");
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = '+" + gone
                + "' and suspended_at is null and confirmed_at is not null")).isEqualTo(1);
    }

    @Test
    void throttlingPausesTheSmsChannelWithoutCountingAttemptsAndSendsOnce() {
        String mobile = "33639980231";
        confirmSms("06 39 98 02 31", "department:32", "fr");
        int refused = smsc().refusedSubmits();
        smsc().answerNextWith(SMPPConstant.STAT_ESME_RTHROTTLED, 3);
        UUID id = UUID.randomUUID();
        publish(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE,
                "Le 15 ne répond plus dans le Gers", List.of("15"), "department:32"));
        await().atMost(WAIT).until(() -> smsc().messagesTo(mobile).size() == 2);
        assertThat(smsc().refusedSubmits() - refused).isEqualTo(3);
        assertThat(TestDatabase.queryLong("broadcast", "select attempts from delivery where subject = ?"
                + " and subscription_id is not null and status = 'SENT'", id.toString())).as("waiting is no attempt")
                .isEqualTo(1);
    }

    @Test
    void aDestinationFollowingADepartmentAndFourOfItsCommunesGetsOneMessagePerChange() throws Exception {
        String mobile = "33639980261";
        String email = "abonne.jura@example.org";
        String tester = "33639980262";
        List<String> territories = List.of("department:39", "commune:39300", "commune:39198", "commune:39478",
                "commune:39097"); // the Jura, Lons-le-Saunier, Dole, Saint-Claude, Champagnole
        for (int i = 0; i < territories.size(); i++) {
            // Confirmed a minute apart, the last one (a commune) in English: the most recently confirmed speaks.
            subscribed("SMS", "+" + mobile, territories.get(i), i == territories.size() - 1 ? "en" : "fr", i, false);
            subscribed("EMAIL", email, territories.get(i), "fr", i, false);
        }
        // A tester through one of its two subscriptions only.
        subscribed("SMS", "+" + tester, "department:39", "fr", 0, false);
        subscribed("SMS", "+" + tester, "commune:39300", "fr", 1, true);

        UUID id = UUID.randomUUID();
        IncidentSnapshot declared = Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Le 15 ne répond plus dans le Jura",
                List.of("15"), "department:39");
        publish(IncidentEventType.DECLARED, declared);
        publishNumbers("39", 1, List.of(number("15", "+33353010240", id)));
        assertThat(await().atMost(WAIT).until(() -> smsc().messagesTo(mobile), l -> l.size() == 1).getLast().text())
                .startsWith("Jura: 15 unreachable, call 03 53 01 02 40.");
        await().atMost(WAIT).until(() -> mail().receivedBy(email).size() == 1);
        await().atMost(WAIT).until(() -> smsc().messagesTo(tester).size() == 1); // a tester hears actual alerts too
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(mobile)).as("one SMS, not five").hasSize(1);
        assertThat(mail().receivedBy(email)).as("one e-mail, not five").hasSize(1);
        assertThat(smsc().messagesTo(tester)).hasSize(1);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from delivery d join subscription s on s.id ="
                + " d.subscription_id where s.destination = ? and d.subject in (?, 'numbers:department:39')"
                + " and d.status <> 'SUPERSEDED'", "+" + mobile, id.toString())).as("one ledger row").isEqualTo(1);

        // Redelivered: nothing. New numbers: one more each. The end: one more each.
        publish(IncidentEventType.DECLARED, declared);
        publishNumbers("39", 1, List.of(number("15", "+33353010240", id)));
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(mobile)).hasSize(1);
        assertThat(mail().receivedBy(email)).hasSize(1);
        publishNumbers("39", 2, List.of(number("15", "+33353010241", id)));
        assertThat(await().atMost(WAIT).until(() -> smsc().messagesTo(mobile), l -> l.size() == 2).getLast().text())
                .contains("03 53 01 02 41");
        await().atMost(WAIT).until(() -> mail().receivedBy(email).size() == 2);
        publish(IncidentEventType.RESOLVED, Incidents.snapshot(id, 2, IncidentStatus.RESOLVED,
                "Le 15 ne répond plus dans le Jura", List.of("15"), "department:39"));
        publishNumbers("39", 3, List.of());
        await().atMost(WAIT).until(() -> smsc().messagesTo(mobile).size() == 3);
        MailServer.Mail end = await().atMost(WAIT).until(() -> mail().receivedBy(email), l -> l.size() == 3).getLast();
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(mobile)).hasSize(3);
        assertThat(mail().receivedBy(email)).hasSize(3);
        assertThat(smsc().messagesTo(tester)).hasSize(3);

        // An exercise: to a destination one of whose concerned subscriptions is a tester's, once; to no one else.
        publish(IncidentEventType.DECLARED, Incidents.snapshot(IncidentMode.EXERCISE, UUID.randomUUID(), 1,
                IncidentStatus.ACTIVE, "Exercice : le 18 ne répond plus", List.of("18"), "department:39"));
        assertThat(await().atMost(WAIT).until(() -> smsc().messagesTo(tester), l -> l.size() == 4).getLast().text())
                .startsWith("Jura : 18 injoignable.");
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(tester)).hasSize(4);
        assertThat(smsc().messagesTo(mobile)).hasSize(3);

        // The database itself refuses a second row for one destination × subject × version × kind.
        assertThatThrownBy(() -> TestDatabase.execute("broadcast", """
                insert into delivery (id, subscription_id, destination_key, subject, version, kind, status)
                select gen_random_uuid(), s.id, s.destination_key, '%s', 2, 'ENDED', 'PENDING' from subscription s
                where s.destination = '+%s' and s.territory = 'commune:39478'""".formatted(id, mobile)))
                .hasStackTraceContaining("delivery_destination_unique");

        // The e-mail's one-click link ends the five subscriptions the message stood for, and nothing of the mobile's.
        URI link = URI.create(end.header("List-Unsubscribe").replaceAll("^<|>$", ""));
        assertThat(link.getRawQuery().substring("token=".length()).split("\\.")).hasSize(5);
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .post(link.getRawPath() + "?" + link.getRawQuery()).then().statusCode(200);
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?", email))
                .isZero();
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription where destination = ?",
                "+" + mobile)).isEqualTo(5);
    }

    @Test
    void aLeaseThatRanOutBeforeTheSubmitIsSentLaterOneThatRanOutMidSubmitIsNeverSentAgain() throws Exception {
        String claimed = "33639980271";
        String submitting = "33639980272";
        subscribed("SMS", "+" + claimed, "department:40", "fr", 0, false);
        subscribed("SMS", "+" + submitting, "department:40", "fr", 0, false);
        UUID id = UUID.randomUUID();
        String context = EventJson.write(Incidents.snapshot(id, 1, IncidentStatus.ACTIVE,
                "Le 15 ne répond plus dans les Landes", List.of("15"), "department:40"));
        TestDatabase.execute("broadcast", "insert into subscriber_message (subject, version, kind, context) values ('"
                + id + "', 1, 'DECLARED', '" + context.replace("'", "''") + "'::jsonb)");
        // As a kill -9 mid-fan-out leaves them, both leases over: one claimed but never submitted, one SUBMITTING.
        leftBehind(claimed, id, "CLAIMED");
        leftBehind(submitting, id, "SUBMITTING");

        assertThat(await().atMost(WAIT).until(() -> smsc().messagesTo(claimed), l -> l.size() == 1).getLast().text())
                .startsWith("Landes : 15 injoignable");
        await().atMost(WAIT).until(() -> statusOf(id, claimed).equals("SENT"));
        await().atMost(WAIT).until(() -> statusOf(id, submitting).equals("UNKNOWN"));
        Thread.sleep(QUIET.toMillis());
        assertThat(smsc().messagesTo(submitting)).as("perhaps sent: never sent again").isEmpty();
        assertThat(statusOf(id, submitting)).isEqualTo("UNKNOWN");
        assertThat(smsc().messagesTo(claimed)).hasSize(1);
    }

    @Test
    void aSenderWhoseClaimIsOverCanNeitherMarkNorRecordItsMessage() {
        String mobile = "33639980273";
        subscribed("SMS", "+" + mobile, "department:40", "fr", 0, false);
        UUID id = UUID.randomUUID();
        UUID claim = UUID.randomUUID();
        UUID row = UUID.fromString(TestDatabase.query("broadcast", """
                insert into delivery (id, subscription_id, destination_key, covering, subject, version, kind, status,
                                      claimed_until, claim_token)
                select gen_random_uuid(), s.id, s.destination_key, array[s.id], ?, 1, 'DECLARED', 'CLAIMED',
                       now() + interval '10 minutes', ?::uuid from subscription s where s.destination = ?
                returning cast(id as text)""", id.toString(), claim.toString(), "+" + mobile).getFirst().getFirst());
        SubscriberLedger.Outcome sent = new SubscriberLedger.Outcome(row, DeliveryStatus.SENT, true, null, null, null);

        // Another claim's token (this row went back and was claimed again): neither marked nor recorded.
        UUID other = UUID.randomUUID();
        assertThat(ledger.markSubmitting(List.of(new SubscriberLedger.Submit(row, other)))).isEmpty();
        QuarkusTransaction.requiringNew().run(() -> ledger.record(other, List.of(sent)));
        assertThat(statusOf(id, mobile)).isEqualTo("CLAIMED");

        // Its own claim: marked SUBMITTING (now a lease expiry would make it UNKNOWN) and committed at once, outside
        // any transaction, as SubmitGate marks (read here on another connection); then recorded.
        assertThat(ledger.markSubmitting(List.of(new SubscriberLedger.Submit(row, claim)))).containsExactly(row);
        assertThat(statusOf(id, mobile)).isEqualTo("SUBMITTING");
        QuarkusTransaction.requiringNew().run(() -> ledger.record(claim, List.of(sent)));
        assertThat(statusOf(id, mobile)).isEqualTo("SENT");
    }

    @Test
    void unsubscribingDropsWhatThatSubscriptionAloneBroughtAndKeepsWhatTheDestinationWasTold() {
        String email = "abonne.belfort@example.org";
        subscribed("EMAIL", email, "department:90", "fr", 0, false);
        subscribed("EMAIL", email, "commune:90010", "fr", 1, false); // Belfort, the one that speaks
        String department = subscriptionOf(email, "department:90");
        String commune = subscriptionOf(email, "commune:90010");
        UUID told = UUID.randomUUID();
        UUID alone = UUID.randomUUID();
        UUID both = UUID.randomUUID();
        // Straight into the ledger, the pending ones due in an hour (the sender leaves them be): Belfort's incident
        // told, another of Belfort's still to go, and one to go that stands for both subscriptions.
        ledgerRow(told, "SENT", commune, commune);
        ledgerRow(alone, "PENDING", commune, commune);
        ledgerRow(both, "PENDING", commune, commune, department);

        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .post("/api/v1/subscriptions/unsubscribe?token=" + TestDatabase.query("broadcast",
                        "select unsubscribe_token from subscription where id = ?::uuid", commune).getFirst().getFirst())
                .then().statusCode(200);

        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from delivery where subject = ?",
                alone.toString())).as("what Belfort alone brought does not go").isZero();
        for (UUID kept : List.of(told, both)) {
            assertThat(TestDatabase.query("broadcast", "select cast(subscription_id as text) from delivery"
                    + " where subject = ?", kept.toString()).getFirst().getFirst())
                    .as("kept, through the department's subscription").isEqualTo(department);
        }
    }

    private static String subscriptionOf(String destination, String territory) {
        return TestDatabase.query("broadcast", "select cast(id as text) from subscription where destination = ?"
                + " and territory = ?", destination, territory).getFirst().getFirst();
    }

    /** A ledger row of {@code status} spoken by {@code speaker} for the {@code covering} subscriptions, due in an hour. */
    private static void ledgerRow(UUID subject, String status, String speaker, String... covering) {
        TestDatabase.execute("broadcast", """
                insert into delivery (id, subscription_id, destination_key, covering, subject, version, kind, status,
                                      next_attempt_at)
                select gen_random_uuid(), s.id, s.destination_key, '{%s}'::uuid[], '%s', 1, 'DECLARED', '%s',
                       now() + interval '1 hour' from subscription s where s.id = '%s'"""
                .formatted(String.join(",", covering), subject, status, speaker));
    }

    /** A confirmed subscription written straight into the database (a minute per {@code order} after the first). */
    private static void subscribed(String channel, String destination, String territory, String language, int order,
                                   boolean tester) {
        byte[] token = new byte[32];
        new java.security.SecureRandom().nextBytes(token);
        TestDatabase.execute("broadcast", """
                insert into subscription (id, channel, destination, territory, language, confirmed_at, unsubscribe_token,
                                          requested_at, tester)
                values (gen_random_uuid(), '%s', '%s', '%s', '%s', now() - interval '1 hour' + interval '1 minute' * %d,
                        '%s', now(), %s)""".formatted(channel, destination, territory, language, order,
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(token), tester));
    }

    /** A subscriber message as a killed sender leaves it: {@code status}, its lease over. */
    private static void leftBehind(String mobile, UUID subject, String status) {
        TestDatabase.execute("broadcast", """
                insert into delivery (id, subscription_id, destination_key, covering, subject, version, kind, status,
                                      claimed_until, claim_token)
                select gen_random_uuid(), s.id, s.destination_key, array[s.id], '%s', 1, 'DECLARED', '%s',
                       now() - interval '1 second', gen_random_uuid() from subscription s where s.destination = '+%s'"""
                .formatted(subject, status, mobile));
    }

    private static String statusOf(UUID subject, String mobile) {
        return TestDatabase.query("broadcast", "select d.status from delivery d join subscription s on s.id ="
                + " d.subscription_id where d.subject = ? and s.destination = ?", subject.toString(), "+" + mobile)
                .getFirst().getFirst();
    }

    private static long subscriberDeliveries(String subject) {
        return TestDatabase.queryLong("broadcast", "select count(*) from delivery where subject = ?"
                + " and subscription_id is not null and status <> 'SUPERSEDED'", subject);
    }

    /** Subscribes a mobile and confirms it with the code the SMSC received. */
    private static void confirmSms(String mobile, String territory, String language) {
        String destination = "33" + mobile.replace(" ", "").substring(1);
        int before = smsc().messagesTo(destination).size();
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("mobile", mobile, "territory", territory, "language", language)).post(API)
                .then().statusCode(202).extract().path("id");
        String text = await().atMost(WAIT).until(() -> smsc().messagesTo(destination), l -> l.size() == before + 1)
                .getLast().text();
        Matcher code = CODE.matcher(text);
        assertThat(code.find()).isTrue();
        given().contentType(ContentType.JSON).body(Map.of("code", code.group(1))).post(API + "/" + id + "/confirmation")
                .then().statusCode(200).body("status", equalTo("CONFIRMED"));
    }

    /** Subscribes an address and confirms it with the link the SMTP server received. */
    private static void confirmEmail(String address, String territory, String language) {
        int before = mail().receivedBy(address).size();
        given().contentType(ContentType.JSON).body(Map.of("email", address, "territory", territory, "language", language))
                .post(API).then().statusCode(202);
        String text = await().atMost(WAIT).until(() -> mail().receivedBy(address), l -> l.size() == before + 1)
                .getLast().text();
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).isTrue();
        given().queryParam("token", link.group(1)).post(API + "/confirmation").then().statusCode(200)
                .body("status", equalTo("CONFIRMED"));
    }

    private static LiveNumber number(String service, String e164, UUID incident) {
        String national = "0" + e164.substring(3, 4) + " " + e164.substring(4, 6) + " " + e164.substring(6, 8) + " "
                + e164.substring(8, 10) + " " + e164.substring(10, 12);
        return new LiveNumber(service, 1, e164, national, "SAMU du Lot", null, List.of(incident));
    }

    private static void publishNumbers(String department, long version, List<LiveNumber> numbers) {
        LiveNumbersEvent event = new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                TerritoryRef.department(department), version, numbers);
        TopicWriter.send(Topics.FALLBACK_NUMBERS, 0, event.key(), EventJson.write(event));
    }

    private static void publish(IncidentEventType type, IncidentSnapshot incident) {
        IncidentEvent event = IncidentEvent.of(type, incident, Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }
}
