package fr.tocsin.incident.cap;

import fr.tocsin.incident.IncidentApi;

import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
public class CapIngestionTest {

    private static final String SENDER = "alerte@nord.gouv.fr";
    private final String prefect = Tokens.of("prefet-59", "prefecture", "Préfecture du Nord", "department:59");
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void alertThenUpdateThenCancelFollowReferences() {
        String id = post(prefect, alert("A-" + run, "Actual", "59")).statusCode(201)
                .header("Location", containsString("/api/v1/incidents/"))
                .body("status", equalTo("ACTIVE")).body("mode", equalTo("ACTUAL"))
                .body("title.fr", equalTo("Numéros d'urgence injoignables dans le Nord"))
                .body("title.en", equalTo("Emergency numbers unreachable in Nord"))
                .body("services", equalTo(java.util.List.of("15", "112")))
                .body("territories", equalTo(java.util.List.of("department:59")))
                .body("severity", equalTo("SEVERE"))
                .extract().path("id");

        String update = update("U-" + run, "A-" + run, "Immediate");
        post(prefect, update).statusCode(200).body("id", equalTo(id)).body("version", equalTo(2))
                .body("timeline[1].message.fr", startsWith("Le 17 répond de nouveau"));
        // The same message sent again is recognised: nothing changes.
        post(prefect, update).statusCode(200).body("version", equalTo(2));

        post(prefect, cancel("C-" + run, "A-" + run, "U-" + run)).statusCode(200)
                .body("status", equalTo("CANCELLED")).body("version", equalTo(3))
                .body("timeline[2].message.fr", equalTo("Déclaré par erreur"));
    }

    @Test
    void anAllClearUpdateResolves() {
        post(prefect, alert("A2-" + run, "Actual", "59")).statusCode(201);
        post(prefect, update("U2-" + run, "A2-" + run, "Past")).statusCode(200).body("status", equalTo("RESOLVED"));
    }

    @Test
    void exercisesStayExercises() {
        post(prefect, alert("E-" + run, "Exercise", "59")).statusCode(201).body("mode", equalTo("EXERCISE"));
    }

    @Test
    void invalidCapIsAProblemAndStoresNothing() {
        post(prefect, alert("I-" + run, "Actual", "59").replace("<sender>" + SENDER + "</sender>", ""))
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("alert")).body("detail", containsString("line"));
        post(prefect, alert("I2-" + run, "Actual", "59").replace("TOCSIN_SERVICE", "OTHER"))
                .statusCode(400).body("errors.field", hasItem("alert.info.eventCode"));
        post(prefect, update("U3-" + run, "nobody-" + run, "Immediate"))
                .statusCode(400).body("errors[0].field", equalTo("alert.references"));
        assertThat(countCapMessages(run)).isZero();
    }

    @Test
    void xxeIsRefusedWithoutReadingAnyFile() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                """ + alert("X-" + run, "Actual", "59").replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "")
                .replace("<description>", "<description>&xxe;");
        post(prefect, xxe).statusCode(400).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("DTDs are not allowed"))
                .body(org.hamcrest.Matchers.not(containsString("root:")));
    }

    /** Issue #16, point 5: CAP 1.1 (and 1.0) is named as such, not reported as a schema error on element 'alert'. */
    @Test
    void aCap11MessageIsRefusedNamingItsNamespace() throws Exception {
        String nws;
        try (var in = CapIngestionTest.class.getResourceAsStream("/cap/nws-winter-storm-warning-cap-1.1.xml")) {
            nws = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        post(prefect, nws).statusCode(400).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://tocsin.fr/problems/unsupported-cap-version"))
                .body("errors[0].field", equalTo("alert.xmlns"))
                .body("detail", containsString("\"urn:oasis:names:tc:emergency:cap:1.1\" (CAP 1.1)"))
                .body("detail", containsString("only CAP 1.2 is accepted (xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\")"))
                .body("detail", org.hamcrest.Matchers.not(containsString("Cannot find the declaration")));
        post(prefect, nws.replace("urn:oasis:names:tc:emergency:cap:1.1", "http://www.incident.com/cap/1.0"))
                .statusCode(400).body("detail", containsString("\"http://www.incident.com/cap/1.0\" (CAP 1.0)"));
        assertThat(TestDatabase.queryLong("incident", "select count(*) from cap_message where sender = ?",
                "w-nws.webmaster@noaa.gov")).isZero();
    }

    /**
     * Issue #16, point 5: an alert whose expires is already past is refused naming the field, never put in force;
     * a replaying system is unaffected (a message already taken is answered again), and ending an alert is taken.
     */
    @Test
    void anExpiredAlertIsRefusedButReplaysAndEndingsAreTaken() {
        String past = capTime(java.time.Duration.ofHours(-1));
        post(prefect, expiring(alert("EX-" + run, "Actual", "59"), past)).statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("alert.info[0].expires"))
                .body("errors[0].message", containsString(past.substring(0, 19)));
        assertThat(countCapMessages("EX-" + run)).isZero();

        // Taken while in force; replayed after it expired (as a ministry's system re-sends its messages): the
        // same answer, nothing changed.
        String id = post(prefect, expiring(alert("EY-" + run, "Actual", "59"), capTime(java.time.Duration.ofHours(6))))
                .statusCode(201).extract().path("id");
        post(prefect, expiring(alert("EY-" + run, "Actual", "59"), past)).statusCode(200)
                .body("id", equalTo(id)).body("version", equalTo(1)).body("status", equalTo("ACTIVE"));

        // An expired Update that would keep it in force is refused; an expired all-clear ends it.
        post(prefect, expiring(update("EU-" + run, "EY-" + run, "Immediate"), past)).statusCode(400)
                .body("errors[0].field", equalTo("alert.info[0].expires"));
        post(prefect, expiring(update("EZ-" + run, "EY-" + run, "Past"), past)).statusCode(200)
                .body("id", equalTo(id)).body("status", equalTo("RESOLVED"));
    }

    /** Adds an expires to the first info block, where CAP's order puts it (before senderName or headline). */
    private static String expiring(String xml, String expires) {
        int at = xml.contains("<senderName>") ? xml.indexOf("<senderName>") : xml.indexOf("<headline>");
        return xml.substring(0, at) + "<expires>" + expires + "</expires>" + xml.substring(at);
    }

    /** Now plus an offset, as CAP writes times (seconds, numeric offset). */
    private static String capTime(java.time.Duration offset) {
        return java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plus(offset).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
    }

    @Test
    void capIsScopedLikeJson() {
        post(Tokens.prefecture("62"), alert("S-" + run, "Actual", "59").replace("<senderName>Préfecture du Nord</senderName>", ""))
                .statusCode(403);
        given().contentType("application/cap+xml").body(alert("S2-" + run, "Actual", "59")).post(INCIDENTS)
                .then().statusCode(401);
    }

    private static ValidatableResponse post(String token, String xml) {
        return given().header("Authorization", Tokens.bearer(token)).contentType("application/cap+xml")
                .body(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(INCIDENTS).then();
    }

    public static String alert(String identifier, String status, String insee) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                  <identifier>%s</identifier>
                  <sender>%s</sender>
                  <sent>2026-06-02T18:05:00+02:00</sent>
                  <status>%s</status>
                  <msgType>Alert</msgType>
                  <scope>Public</scope>
                  <info>
                    <language>fr-FR</language>
                    <category>Infra</category>
                    <event>Numéros d'urgence injoignables</event>
                    <urgency>Immediate</urgency>
                    <severity>Severe</severity>
                    <certainty>Observed</certainty>
                    <eventCode><valueName>TOCSIN_SERVICE</valueName><value>15</value></eventCode>
                    <eventCode><valueName>TOCSIN_SERVICE</valueName><value>112</value></eventCode>
                    <senderName>Préfecture du Nord</senderName>
                    <headline>Numéros d'urgence injoignables dans le Nord</headline>
                    <description>Les 15 et 112 ne répondent plus depuis 18h00.</description>
                    <area><areaDesc>Nord</areaDesc><geocode><valueName>INSEE</valueName><value>%s</value></geocode></area>
                  </info>
                  <info>
                    <language>en-GB</language>
                    <category>Infra</category>
                    <event>Emergency numbers unreachable</event>
                    <urgency>Immediate</urgency>
                    <severity>Severe</severity>
                    <certainty>Observed</certainty>
                    <headline>Emergency numbers unreachable in Nord</headline>
                    <area><areaDesc>Nord</areaDesc><geocode><valueName>INSEE</valueName><value>%s</value></geocode></area>
                  </info>
                </alert>
                """.formatted(identifier, SENDER, status, insee, insee);
    }

    private static String update(String identifier, String references, String urgency) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                  <identifier>%s</identifier>
                  <sender>%s</sender>
                  <sent>2026-06-02T20:15:00+02:00</sent>
                  <status>Actual</status>
                  <msgType>Update</msgType>
                  <scope>Public</scope>
                  <references>%s,%s,2026-06-02T18:05:00+02:00</references>
                  <info>
                    <language>fr-FR</language>
                    <category>Infra</category>
                    <event>Numéros d'urgence injoignables</event>
                    <urgency>%s</urgency>
                    <severity>Severe</severity>
                    <certainty>Observed</certainty>
                    <headline>Le 17 répond de nouveau par intermittence</headline>
                  </info>
                </alert>
                """.formatted(identifier, SENDER, SENDER, references, urgency);
    }

    private static String cancel(String identifier, String... references) {
        StringBuilder refs = new StringBuilder();
        for (String reference : references) {
            refs.append(SENDER).append(',').append(reference).append(",2026-06-02T18:05:00+02:00 ");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                  <identifier>%s</identifier>
                  <sender>%s</sender>
                  <sent>2026-06-02T21:00:00-00:00</sent>
                  <status>Actual</status>
                  <msgType>Cancel</msgType>
                  <scope>Public</scope>
                  <note>Déclaré par erreur</note>
                  <references>%s</references>
                </alert>
                """.formatted(identifier, SENDER, refs.toString().strip());
    }

    private static long countCapMessages(String run) {
        return TestDatabase.queryLong("incident", "select count(*) from cap_message where identifier like ?", "%" + run);
    }
}
