package fr.tocsin.contracts.sms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Gsm7Test {

    @Test
    void frenchTextWithItsAccentsRoundTrips() {
        String text = "15 injoignable dans le Nord : appelez le 03 53 01 02 36. Crédit à 5 € {ok} [Infos]";
        assertThat(Gsm7.canEncode(text)).isTrue();
        assertThat(Gsm7.decode(Gsm7.encode(text).orElseThrow())).isEqualTo(text);
    }

    @Test
    void charactersOutsideTheAlphabetNeedUcs2() {
        assertThat(Gsm7.canEncode("Île-de-France")).isFalse();
        assertThat(Gsm7.encode("œuvre")).isEmpty();
        assertThat(Gsm7.canEncode("ile-de-France")).isTrue();
    }

    @Test
    void segmentsCountExtendedCharactersTwiceAndSwitchToUcs2() {
        assertThat(Gsm7.segments("a".repeat(160))).isEqualTo(1);
        assertThat(Gsm7.segments("a".repeat(161))).isEqualTo(2);
        assertThat(Gsm7.segments("€".repeat(80))).isEqualTo(1);
        assertThat(Gsm7.segments("€".repeat(81))).isEqualTo(2);
        assertThat(Gsm7.segments("a".repeat(306))).isEqualTo(2);
        assertThat(Gsm7.segments("a".repeat(307))).isEqualTo(3);
        assertThat(Gsm7.segments("Î" + "a".repeat(69))).isEqualTo(1);
        assertThat(Gsm7.segments("Î" + "a".repeat(70))).isEqualTo(2);
    }
}
