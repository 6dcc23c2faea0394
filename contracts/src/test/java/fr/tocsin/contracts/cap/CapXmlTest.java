package fr.tocsin.contracts.cap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapXmlTest {

    @Test
    void parsesAValidAlert() {
        CapAlert alert = CapXml.parse(resource("alert.xml"));
        assertThat(alert.identifier).isEqualTo("FR-PREF59-2026-0001");
        assertThat(alert.sender).isEqualTo("alerte@nord.gouv.fr");
        assertThat(alert.sent).isEqualTo(OffsetDateTime.of(2026, 6, 2, 18, 5, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(alert.msgType).isEqualTo("Alert");
        assertThat(alert.referencedMessages()).isEmpty();
        CapInfo info = alert.infos.getFirst();
        assertThat(info.language).isEqualTo("fr-FR");
        assertThat(info.severity).isEqualTo("Severe");
        assertThat(info.headline).isEqualTo("Numéros d'urgence injoignables dans le Nord");
        assertThat(info.eventCodes).extracting(p -> p.value).containsExactly("15", "112");
        assertThat(info.areas.getFirst().geocodes).extracting(p -> p.valueName + "=" + p.value).containsExactly("INSEE=59");
    }

    @Test
    void parsesUpdateAndCancelReferences() {
        CapAlert update = CapXml.parse(resource("update.xml"));
        assertThat(update.msgType).isEqualTo("Update");
        assertThat(update.referencedMessages()).containsExactly(
                new CapReference("alerte@nord.gouv.fr", "FR-PREF59-2026-0001", "2026-06-02T18:05:00+02:00"));
        CapAlert cancel = CapXml.parse(resource("cancel.xml"));
        assertThat(cancel.msgType).isEqualTo("Cancel");
        assertThat(cancel.referencedMessages()).extracting(CapReference::identifier)
                .containsExactly("FR-PREF59-2026-0001", "FR-PREF59-2026-0002");
        assertThat(cancel.sent.getOffset()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void rejectsAnInvalidAlertSayingWhere() {
        assertThatThrownBy(() -> CapXml.parse(resource("invalid-no-sender.xml")))
                .isInstanceOf(CapFormatException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("sent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxe.xml", "billion-laughs.xml"})
    void refusesDtdsSoNoEntityIsEverExpanded(String file) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> CapXml.parse(resource(file)))
                .isInstanceOf(CapFormatException.class)
                .hasMessageContaining("DTDs are not allowed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:"));
        assertThat((System.nanoTime() - start) / 1_000_000).as("rejected without expanding anything").isLessThan(5_000);
    }

    @Test
    void refusesOversizedAndNonXmlInput() {
        byte[] big = new byte[CapXml.DEFAULT_MAX_BYTES + 1];
        assertThatThrownBy(() -> CapXml.parse(big)).isInstanceOf(CapFormatException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> CapXml.parse("{\"json\": true}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CapFormatException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> CapXml.parse("<alert xmlns=\"urn:other\"/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CapFormatException.class);
    }

    @Test
    void writesSchemaValidCapThatReadsBack() {
        CapAlert alert = CapXml.parse(resource("alert.xml"));
        alert.sent = OffsetDateTime.of(2026, 6, 2, 16, 5, 0, 123_000_000, ZoneOffset.UTC);
        alert.infos.getFirst().headline = "Titre avec <script>alert(1)</script> & co";
        String xml = CapXml.write(alert);
        assertThat(xml).contains("<sent>2026-06-02T16:05:00-00:00</sent>").doesNotContain("Z</sent>");
        assertThat(xml).contains("&lt;script&gt;").doesNotContain("<script>");
        CapAlert again = CapXml.parse(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(again.infos.getFirst().headline).isEqualTo("Titre avec <script>alert(1)</script> & co");
        assertThat(again.sent.toInstant()).isEqualTo(alert.sent.toInstant().minusMillis(123));
        assertThat(again.infos.getFirst().areas.getFirst().geocodes.getFirst().value).isEqualTo("59");
    }

    @Test
    void anInvalidAlertIsNeverWritten() {
        CapAlert alert = CapXml.parse(resource("alert.xml"));
        alert.sender = null;
        assertThatThrownBy(() -> CapXml.write(alert)).isInstanceOf(CapFormatException.class);
    }

    private static byte[] resource(String name) {
        try (InputStream in = CapXmlTest.class.getResourceAsStream("/cap/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
