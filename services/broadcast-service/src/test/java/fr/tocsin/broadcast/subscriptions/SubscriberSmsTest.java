package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.sms.Gsm7;
import fr.tocsin.contracts.sms.SubscriberSms;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberSmsTest {

    private static final String LINK = "https://alertes.tocsin.example/departements/59";

    private static LiveNumber number(String service, String national) {
        return new LiveNumber(service, 1, "+33" + national.substring(1).replace(" ", ""), national, null, null, List.of());
    }

    @Test
    void theNumbersComeFirstInOneGsm7Segment() {
        String sms = SubscriberSms.numbers("Nord", List.of(number("15", "03 53 01 02 36")), "fr", LINK);
        assertThat(sms).isEqualTo("Nord : 15 injoignable, appelez le 03 53 01 02 36. Infos : " + LINK);
        assertThat(Gsm7.canEncode(sms)).isTrue();
        assertThat(Gsm7.segments(sms)).isEqualTo(1);
        assertThat(SubscriberSms.numbers("Nord", List.of(number("15", "03 53 01 02 36")), "en", LINK))
                .isEqualTo("Nord: 15 unreachable, call 03 53 01 02 36. Info: " + LINK);
    }

    @Test
    void placesOutsideTheAlphabetAreWrittenWithCloseEquivalents() {
        String sms = SubscriberSms.numbers("Côte-d’Or", List.of(number("17", "03 53 01 02 37")), "fr", LINK);
        assertThat(sms).startsWith("Cote-d'Or : 17 injoignable");
        assertThat(Gsm7.canEncode(sms)).isTrue();
    }

    @Test
    void manyNumbersNeverTakeMoreThanTwoSegmentsAndTheLinkStays() {
        List<LiveNumber> many = IntStream.range(10, 30).mapToObj(i -> number("mairie", "03 53 01 02 " + i)).toList();
        String sms = SubscriberSms.numbers("Pas-de-Calais", many, "fr", LINK);
        assertThat(Gsm7.segments(sms)).isLessThanOrEqualTo(2);
        assertThat(sms).startsWith("Pas-de-Calais : mairie injoignable, appelez le 03 53 01 02 10.").endsWith(LINK);
        assertThat(sms).doesNotContain("03 53 01 02 29");
    }

    @Test
    void theEndSaysServiceRestoredWithinTwoSegments() {
        String sms = SubscriberSms.ended("Nord", "Panne du 15 " + "très longue ".repeat(40), "fr", LINK);
        assertThat(sms).startsWith("Service rétabli - Nord : Panne du 15").endsWith(LINK);
        assertThat(Gsm7.segments(sms)).isLessThanOrEqualTo(2);
        assertThat(SubscriberSms.numbers("Nord", List.of(), "fr", LINK)).contains("fonctionnent de nouveau");
    }

    @Test
    void aDeclarationWithoutNumbersSaysWhatIsDownAndWhereToReadTheNumbersInOneSegment() {
        String sms = SubscriberSms.declared("Haute-Vienne", List.of("15", "18"), "fr", LINK);
        assertThat(sms).isEqualTo("Haute-Vienne : 15, 18 injoignable. Numéros à appeler : " + LINK);
        assertThat(Gsm7.canEncode(sms)).isTrue();
        assertThat(Gsm7.segments(sms)).isEqualTo(1);
        assertThat(SubscriberSms.declared("Haute-Vienne", List.of("15"), "en", LINK))
                .isEqualTo("Haute-Vienne: 15 unreachable. Numbers to call: " + LINK);
    }
}
