package fr.tocsin.broadcast.networks;

import fr.tocsin.broadcast.subscriptions.SubscriberMail;
import fr.tocsin.contracts.fallback.LiveNumber;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML part goes to the relay in ASCII, in short lines, so that the client sends it as it is (7bit). */
class AsciiHtmlTest {

    private static final String LINK = "https://alertes.tocsin.example/departements/59";
    private static final String UNSUBSCRIBE = "https://alertes.tocsin.example/api/v1/subscriptions/unsubscribe?token=t";

    @Test
    void everyOtherCharacterBecomesANumericReferenceInLinesUnderSmtpsLimit() {
        LiveNumber samu = new LiveNumber("15", 1, "+33353010236", "03 53 01 02 36", null, null, List.of());
        for (MailGateway.Email email : List.of(
                SubscriberMail.numbers("a@example.org", "Nord", Collections.nCopies(40, samu), "fr", LINK, UNSUBSCRIBE,
                        UUID.randomUUID()),
                SubscriberMail.declared("a@example.org", "Nord", "Le 15 ne répond plus à Sainte-Ménehould",
                        List.of("15"), "fr", LINK, UNSUBSCRIBE, UUID.randomUUID()))) {
            String html = MailGateway.asciiHtml(email.html());
            assertThat(html.chars()).allMatch(c -> c < 0x80);
            assertThat(html.split("\n")).allMatch(line -> line.length() <= 998);
            assertThat(html).contains("Se d&#233;sabonner").contains("Plus d&#8217;informations");
        }
        assertThat(MailGateway.asciiHtml("<p>Le 15 ne répond plus à Sainte-Ménehould</p>"))
                .isEqualTo("<p>Le 15 ne r&#233;pond plus &#224; Sainte-M&#233;nehould</p>");
        assertThat(MailGateway.asciiHtml("<p>\uD83D\uDEA8 été</p>")).isEqualTo("<p>&#128680; &#233;t&#233;</p>");
    }

    @Test
    void longTextBreaksAfterABlockNeverInsideOne() {
        String block = "<p>" + "é".repeat(100) + "</p>"; // 607 characters once each é is a reference
        String html = MailGateway.asciiHtml("<body>" + block + block + "</body>");
        assertThat(html.split("\n")).hasSize(3).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThat(html.replace("\n", "")).isEqualTo(("<body>" + block + block + "</body>").replace("é", "&#233;"));
    }
}
