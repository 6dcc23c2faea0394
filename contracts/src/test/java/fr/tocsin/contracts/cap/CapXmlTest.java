package fr.tocsin.contracts.cap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapXmlTest {

    private static final OffsetDateTime FIRST_SENT = OffsetDateTime.of(2026, 6, 2, 18, 5, 0, 0, ZoneOffset.ofHours(2));

    @Test
    void parsesAValidAlert() {
        CapAlert alert = CapXml.parse(resource("alert.xml"));
        assertThat(alert.identifier).isEqualTo("FR-PREF59-2026-0001");
        assertThat(alert.sender).isEqualTo("alerte@nord.gouv.fr");
        assertThat(alert.sent).isEqualTo(FIRST_SENT);
        assertThat(alert.sent.getOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(alert.status).isEqualTo("Actual");
        assertThat(alert.msgType).isEqualTo("Alert");
        assertThat(alert.scope).isEqualTo("Public");
        assertThat(alert.references).isNull();
        assertThat(alert.referencedMessages()).isEmpty();
        assertThat(alert.infos).hasSize(1);
        CapInfo info = alert.infos.getFirst();
        assertThat(info.language).isEqualTo("fr-FR");
        assertThat(info.categories).containsExactly("Infra");
        assertThat(info.responseTypes).containsExactly("Execute");
        assertThat(info.urgency).isEqualTo("Immediate");
        assertThat(info.severity).isEqualTo("Severe");
        assertThat(info.certainty).isEqualTo("Observed");
        assertThat(info.senderName).isEqualTo("Préfecture du Nord");
        assertThat(info.headline).isEqualTo("Numéros d'urgence injoignables dans le Nord");
        assertThat(info.onset).isEqualTo(OffsetDateTime.of(2026, 6, 2, 18, 0, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(info.expires).isEqualTo(OffsetDateTime.of(2026, 6, 3, 6, 0, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(info.effective).isNull();
        assertThat(info.eventCodes).extracting(p -> p.valueName).containsOnly("TOCSIN_SERVICE");
        assertThat(info.eventCodes).extracting(p -> p.value).containsExactly("15", "17", "18", "112");
        assertThat(info.areas).hasSize(1);
        CapArea area = info.areas.getFirst();
        assertThat(area.areaDesc).isEqualTo("Nord");
        assertThat(area.geocodes).extracting(p -> p.valueName + "=" + p.value).containsExactly("INSEE=59");
    }

    @Test
    void parsesUpdateAndCancelReferences() {
        CapAlert update = CapXml.parse(resource("update.xml"));
        assertThat(update.msgType).isEqualTo("Update");
        assertThat(update.referencedMessages()).containsExactly(
                new CapReference("alerte@nord.gouv.fr", "FR-PREF59-2026-0001", "2026-06-02T18:05:00+02:00"));
        CapReference first = update.referencedMessages().getFirst();
        assertThat(OffsetDateTime.parse(first.sent())).isEqualTo(FIRST_SENT);

        CapAlert cancel = CapXml.parse(resource("cancel.xml"));
        assertThat(cancel.msgType).isEqualTo("Cancel");
        assertThat(cancel.note).isEqualTo("Déclaré par erreur");
        assertThat(cancel.infos).isEmpty();
        assertThat(cancel.referencedMessages()).extracting(CapReference::identifier)
                .containsExactly("FR-PREF59-2026-0001", "FR-PREF59-2026-0002");
        assertThat(cancel.referencedMessages()).extracting(CapReference::toString).containsExactly(
                "alerte@nord.gouv.fr,FR-PREF59-2026-0001,2026-06-02T18:05:00+02:00",
                "alerte@nord.gouv.fr,FR-PREF59-2026-0002,2026-06-02T20:15:00+02:00");
        assertThat(cancel.sent.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(cancel.sent.toInstant()).isEqualTo(OffsetDateTime.parse("2026-06-02T21:00:00Z").toInstant());
    }

    @Test
    void rejectsAnInvalidAlertSayingWhereAndWhat() {
        assertThatThrownBy(() -> CapXml.parse(resource("invalid-no-sender.xml")))
                .isInstanceOf(CapFormatException.class)
                .hasMessageStartingWith("line 4, column ")
                .hasMessageContaining("starting with element '{sent}'")
                .hasMessageContaining("One of '{sender}' is expected")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception", "\tat ", CapXml.NAMESPACE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "unknown status                            | <status>Actual</status>                      | <status>Real</status>                                     | Real",
            "UTC written Z, which CAP forbids          | <sent>2026-06-02T18:05:00+02:00</sent>       | <sent>2026-06-02T16:05:00Z</sent>                         | 2026-06-02T16:05:00Z",
            "fractional seconds                        | <sent>2026-06-02T18:05:00+02:00</sent>       | <sent>2026-06-02T18:05:00.5+02:00</sent>                  | 2026-06-02T18:05:00.5+02:00",
            "no offset                                 | <onset>2026-06-02T18:00:00+02:00</onset>     | <onset>2026-06-02T18:00:00</onset>                        | 2026-06-02T18:00:00",
            "element out of the schema's order         | <scope>Public</scope>                        | <scope>Public</scope><sender>x@example.org</sender>        | sender",
            "element CAP does not know                 | <scope>Public</scope>                        | <scope>Public</scope><priority>1</priority>                | priority",
            "info without its required event           | <event>Numéros d'urgence injoignables</event> | \"\"                                                        | responseType",
            "geocode without value                     | <value>59</value>                            | \"\"                                                        | value",
    })
    void rejectsWhatTheSchemaForbids(String broken, String replaced, String by, String named) {
        String valid = new String(resource("alert.xml"), StandardCharsets.UTF_8);
        assertThat(valid).as(broken).contains(replaced);
        byte[] xml = valid.replace(replaced, by).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CapXml.parse(xml)).as(broken)
                .isInstanceOf(CapFormatException.class)
                .hasMessageStartingWith("line ")
                .hasMessageContaining(named);
    }

    /** Issue #16, point 5: another CAP version is said to be one, not "Cannot find the declaration of element". */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "urn:oasis:names:tc:emergency:cap:1.1 | \"urn:oasis:names:tc:emergency:cap:1.1\" (CAP 1.1)",
            "http://www.incident.com/cap/1.0      | \"http://www.incident.com/cap/1.0\" (CAP 1.0)",
            "urn:x                                | \"urn:x\"",
    })
    void anotherCapVersionIsNamedNotASchemaError(String namespace, String named) {
        String valid = new String(resource("alert.xml"), StandardCharsets.UTF_8);
        byte[] xml = valid.replace(CapXml.NAMESPACE, namespace).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CapXml.parse(xml))
                .isInstanceOfSatisfying(CapVersionException.class, e -> assertThat(e.namespace()).isEqualTo(namespace))
                .hasMessageContaining("this message's namespace: " + named)
                .hasMessageContaining("only CAP 1.2 is accepted (xmlns=\"" + CapXml.NAMESPACE + "\")")
                .hasMessageNotContaining("Cannot find the declaration");
        // An alert in no namespace at all says so too.
        byte[] none = valid.replace(" xmlns=\"" + CapXml.NAMESPACE + "\"", "").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CapXml.parse(none)).isInstanceOf(CapVersionException.class)
                .hasMessageContaining("namespace: aucun / none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxe.xml", "billion-laughs.xml"})
    void refusesDtdsSoNoEntityIsEverExpanded(String file) {
        // Refused at the DOCTYPE itself (line 2), so no entity is ever expanded; tests never assert on timing.
        assertThatThrownBy(() -> CapXml.parse(resource(file)))
                .isInstanceOf(CapFormatException.class)
                .hasMessage("line 2, column 10: DTDs are not allowed in CAP messages");
        String xml = new String(resource(file), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CapXml.validate(xml))
                .isInstanceOf(CapFormatException.class)
                .hasMessageContaining("DTDs are not allowed");
    }

    @Test
    void neverLeaksTheFileAnExternalEntityPointsAt() {
        for (var attempt : List.<Runnable>of(
                () -> CapXml.parse(resource("xxe.xml")),
                () -> CapXml.validate(new String(resource("xxe.xml"), StandardCharsets.UTF_8)))) {
            assertThatThrownBy(attempt::run)
                    .isInstanceOf(CapFormatException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:", "/bin/", "passwd"));
        }
    }

    @Test
    void refusesOversizedInputBeforeParsingIt() {
        byte[] big = oversizedButValidAlert();
        assertThat(big.length).isGreaterThan(CapXml.DEFAULT_MAX_BYTES);
        assertThatThrownBy(() -> CapXml.parse(big))
                .isInstanceOf(CapFormatException.class)
                .hasMessage("CAP message too large: " + big.length + " bytes > " + CapXml.DEFAULT_MAX_BYTES);
        // The same message is fine under a limit chosen for it: only the size was wrong.
        assertThat(CapXml.parse(big, 1024 * 1024).identifier).isEqualTo("FR-PREF59-2026-0001");
        byte[] small = resource("alert.xml");
        assertThatThrownBy(() -> CapXml.parse(small, 100))
                .isInstanceOf(CapFormatException.class)
                .hasMessageContaining("too large: " + small.length + " bytes > 100");
    }

    @Test
    void refusesWhatIsNotXml() {
        assertThatThrownBy(() -> CapXml.parse(resource("not-xml.json")))
                .isInstanceOf(CapFormatException.class)
                .hasMessageStartingWith("line 1, column 1: ");
        assertThatThrownBy(() -> CapXml.parse(new byte[0]))
                .isInstanceOf(CapFormatException.class).hasMessage("Empty CAP message");
        assertThatThrownBy(() -> CapXml.parse("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CapFormatException.class).hasMessageStartingWith("line 1, column ");
        assertThatThrownBy(() -> CapXml.parse("<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CapFormatException.class).hasMessageContaining("html");
    }

    @Test
    void aDateTheSchemaAcceptsButJavaTimeDoesNotIsStillACapFormatException() {
        // xs:dateTime allows 24:00:00; OffsetDateTime does not.
        byte[] xml = new String(resource("alert.xml"), StandardCharsets.UTF_8)
                .replace("2026-06-02T18:05:00+02:00", "2026-06-02T24:00:00+02:00").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CapXml.parse(xml)).isInstanceOf(CapFormatException.class)
                .hasMessageStartingWith("line 5, column ")
                .hasMessageContaining("2026-06-02T24:00:00+02:00")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.", "Exception"));
    }

    @Test
    void writesSchemaValidCapThatReadsBack() {
        CapAlert alert = CapXml.parse(resource("update.xml"));
        alert.sent = OffsetDateTime.of(2026, 6, 2, 16, 5, 0, 123_000_000, ZoneOffset.UTC);
        alert.infos.getFirst().headline = "Titre avec <script>alert(1)</script> & co";
        String xml = CapXml.write(alert);
        CapXml.validate(xml);
        assertThat(xml).contains("<sent>2026-06-02T16:05:00-00:00</sent>").doesNotContain("Z<");
        assertThat(xml).contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(xml).contains("xmlns=\"" + CapXml.NAMESPACE + "\"");

        CapAlert again = CapXml.parse(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(again.identifier).isEqualTo(alert.identifier);
        assertThat(again.sender).isEqualTo(alert.sender);
        assertThat(again.msgType).isEqualTo("Update");
        assertThat(again.sent.toInstant()).isEqualTo(alert.sent.toInstant().minusMillis(123));
        assertThat(again.referencedMessages()).isEqualTo(alert.referencedMessages());
        CapInfo info = again.infos.getFirst();
        assertThat(info.headline).isEqualTo("Titre avec <script>alert(1)</script> & co");
        assertThat(info.description).isEqualTo("Le rétablissement est en cours.");
        assertThat(info.areas.getFirst().geocodes).extracting(p -> p.valueName + "=" + p.value).containsExactly("INSEE=59");
    }

    @Test
    void writesAnAlertBuiltInCodeWithEveryPart() {
        CapAlert alert = new CapAlert();
        alert.identifier = "FR-PREF59-2026-0004";
        alert.sender = "alerte@nord.gouv.fr";
        alert.sent = OffsetDateTime.of(2026, 6, 2, 16, 0, 0, 0, ZoneOffset.UTC);
        alert.status = "Exercise";
        alert.msgType = "Alert";
        alert.source = "Tocsin";
        alert.scope = "Public";
        alert.codes.add("TOCSIN");
        alert.note = "Exercice départemental";
        alert.incidents = "8d3c1f0e";
        CapInfo info = new CapInfo();
        info.language = "fr-FR";
        info.categories.addAll(List.of("Infra", "Health"));
        info.event = "Numéros d'urgence injoignables";
        info.responseTypes.add("Monitor");
        info.urgency = "Expected";
        info.severity = "Moderate";
        info.certainty = "Likely";
        info.audience = "Grand public";
        info.eventCodes.add(new CapValuePair("TOCSIN_SERVICE", "15"));
        info.effective = OffsetDateTime.of(2026, 6, 2, 18, 0, 0, 0, ZoneOffset.ofHours(2));
        info.onset = OffsetDateTime.of(2026, 6, 2, 13, 30, 0, 0, ZoneOffset.ofHoursMinutes(-3, -30));
        info.expires = OffsetDateTime.of(2026, 6, 3, 4, 0, 0, 0, ZoneOffset.UTC);
        info.headline = "Exercice : le 15 ne répond pas";
        info.web = "https://www.nord.gouv.fr/";
        info.parameters.add(new CapValuePair("TOCSIN_MODE", "EXERCISE"));
        CapResource map = new CapResource();
        map.resourceDesc = "Carte";
        map.mimeType = "image/png";
        map.uri = "https://www.nord.gouv.fr/carte.png";
        info.resources.add(map);
        CapArea area = new CapArea();
        area.areaDesc = "Lille";
        area.circles.add("50.6292,3.0573 5.0");
        area.geocodes.add(new CapValuePair(CapXml.INSEE_GEOCODE, "59350"));
        area.altitude = new BigDecimal("20");
        info.areas.add(area);
        alert.infos.add(info);

        String xml = CapXml.write(alert);
        assertThat(xml)
                .contains("<sent>2026-06-02T16:00:00-00:00</sent>")
                .contains("<effective>2026-06-02T18:00:00+02:00</effective>")
                .contains("<onset>2026-06-02T13:30:00-03:30</onset>")
                .contains("<expires>2026-06-03T04:00:00-00:00</expires>")
                .doesNotContain("Z<");
        assertThat(xml.indexOf("<language>")).isLessThan(xml.indexOf("<category>"));
        assertThat(xml.indexOf("<parameter>")).isLessThan(xml.indexOf("<resource>"));

        CapAlert again = CapXml.parse(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(again.status).isEqualTo("Exercise");
        assertThat(again.codes).containsExactly("TOCSIN");
        assertThat(again.sent).isEqualTo(alert.sent);
        CapInfo readInfo = again.infos.getFirst();
        assertThat(readInfo.categories).containsExactly("Infra", "Health");
        assertThat(readInfo.onset).isEqualTo(info.onset);
        assertThat(readInfo.onset.getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(-3, -30));
        assertThat(readInfo.parameters).extracting(p -> p.value).containsExactly("EXERCISE");
        assertThat(readInfo.resources.getFirst().mimeType).isEqualTo("image/png");
        assertThat(readInfo.areas.getFirst().circles).containsExactly("50.6292,3.0573 5.0");
        assertThat(readInfo.areas.getFirst().altitude).isEqualByComparingTo("20");
    }

    @Test
    void anInvalidAlertIsNeverWritten() {
        CapAlert alert = CapXml.parse(resource("alert.xml"));
        alert.sender = null;
        assertThatThrownBy(() -> CapXml.write(alert))
                .isInstanceOf(CapFormatException.class)
                .hasMessageContaining("sender");
        alert.sender = "alerte@nord.gouv.fr";
        alert.sent = OffsetDateTime.of(12026, 6, 2, 18, 0, 0, 0, ZoneOffset.UTC);
        assertThatThrownBy(() -> CapXml.write(alert)).isInstanceOf(CapFormatException.class);
    }

    @Test
    void validateNamesLineAndComplaint() {
        CapXml.validate(new String(resource("cancel.xml"), StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CapXml.validate(new String(resource("invalid-no-sender.xml"), StandardCharsets.UTF_8)))
                .isInstanceOf(CapFormatException.class)
                .hasMessageStartingWith("line 4, column ")
                .hasMessageContaining("sender");
        assertThatThrownBy(() -> CapXml.validate("not xml")).isInstanceOf(CapFormatException.class)
                .hasMessageStartingWith("line 1, column 1: ");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-06-02T18:00:00+02:00, 2026-06-02T18:00:00+02:00",
            "2026-06-02T16:00:00Z,      2026-06-02T16:00:00-00:00",
            "2026-06-02T16:00:00+00:00, 2026-06-02T16:00:00-00:00",
            "2026-06-02T16:00:00-00:00, 2026-06-02T16:00:00-00:00",
            "2026-06-02T16:00:00.987Z,  2026-06-02T16:00:00-00:00",
            "2026-06-02T08:00:00-10:00, 2026-06-02T08:00:00-10:00",
            "2026-06-02T21:30:00+05:30, 2026-06-02T21:30:00+05:30",
    })
    void dateTimesAreWrittenTheCapWay(String read, String written) {
        CapDateTimeAdapter adapter = new CapDateTimeAdapter();
        OffsetDateTime value = adapter.unmarshal(read);
        assertThat(value.toInstant()).isEqualTo(OffsetDateTime.parse(read).toInstant());
        assertThat(adapter.marshal(value)).isEqualTo(written);
        assertThat(adapter.unmarshal(written).toInstant()).isEqualTo(value.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void isSafeToUseFromManyThreads() throws Exception {
        byte[] alert = resource("alert.xml");
        byte[] cancel = resource("cancel.xml");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] xml = i % 2 == 0 ? alert : cancel;
                results.add(pool.submit(() -> CapXml.parse(CapXml.write(CapXml.parse(xml)).getBytes(StandardCharsets.UTF_8)).msgType));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i % 2 == 0 ? "Alert" : "Cancel");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The valid alert with a description long enough to pass the default limit. */
    private static byte[] oversizedButValidAlert() {
        String valid = new String(resource("alert.xml"), StandardCharsets.UTF_8);
        String filler = "Les 15, 17, 18 et 112 ne répondent plus. ".repeat(CapXml.DEFAULT_MAX_BYTES / 40 + 1);
        return valid.replace("<description>", "<description>" + filler).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        try (InputStream in = CapXmlTest.class.getResourceAsStream("/cap/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /cap/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
