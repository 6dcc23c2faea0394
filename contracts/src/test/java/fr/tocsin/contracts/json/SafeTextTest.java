package fr.tocsin.contracts.json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Text from outside written into a log stays on one line (#14 finding 13, log forging). */
class SafeTextTest {

    @Test
    void lineBreaksAndControlCharactersAreEscaped() {
        String forged = "/api/v1/x\r\n2026-12-01 22:00:00,000 INFO  [fr.tocsin] admin logged in\u0085\u2028\u001b[31m";
        String line = SafeText.forLog(forged);
        assertThat(line).doesNotContain("\r", "\n", "\u0085", "\u2028", "\u001b")
                .isEqualTo("/api/v1/x\\r\\n2026-12-01 22:00:00,000 INFO  [fr.tocsin] admin logged in\\u0085\\u2028\\u001b[31m");
    }

    @Test
    void ordinaryTextIsUnchanged() {
        assertThat(SafeText.forLog("Préfecture du Nord — 03 53 01 00 59 « SAMU »")).isEqualTo("Préfecture du Nord — 03 53 01 00 59 « SAMU »");
        assertThat(SafeText.forLog(null)).isEqualTo("null");
    }
}
