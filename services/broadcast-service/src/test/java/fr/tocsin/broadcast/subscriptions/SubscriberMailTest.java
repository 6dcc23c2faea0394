package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.networks.MailGateway;
import fr.tocsin.contracts.fallback.LiveNumber;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberMailTest {

    private static final String LINK = "https://alertes.tocsin.example/departements/59";
    private static final String UNSUBSCRIBE = "https://alertes.tocsin.example/api/v1/subscriptions/unsubscribe?token=t";

    @Test
    void numbersFirstWithTelLinksOneClickUnsubscribeAndAMessageIdPerLedgerEntry() {
        UUID delivery = UUID.randomUUID();
        LiveNumber samu = new LiveNumber("15", 1, "+33353010236", "03 53 01 02 36", null, null, List.of());
        MailGateway.Email email = SubscriberMail.numbers("abonne@example.org", "Nord", List.of(samu), "fr", LINK,
                UNSUBSCRIBE, delivery);
        assertThat(email.subject()).isEqualTo("Numéros à appeler maintenant : Nord");
        assertThat(email.text()).startsWith("15 injoignable, appelez le 03 53 01 02 36\n").contains(UNSUBSCRIBE);
        assertThat(email.html()).contains("<a href=\"tel:+33353010236\">03 53 01 02 36</a>").contains(UNSUBSCRIBE);
        assertThat(email.headers()).containsEntry("Message-ID", "<" + delivery + "@tocsin.local>")
                .containsEntry("List-Unsubscribe", "<" + UNSUBSCRIBE + ">")
                .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        assertThat(SubscriberMail.numbers("a@example.org", "Nord", List.of(samu), "fr", LINK, UNSUBSCRIBE, delivery)
                .headers().get("Message-ID")).isEqualTo(email.headers().get("Message-ID"));
    }

    @Test
    void withdrawnNumbersSayTheUsualNumbersWorkAgainInEnglishToo() {
        MailGateway.Email email = SubscriberMail.numbers("a@example.org", "Nord", List.of(), "en", LINK, UNSUBSCRIBE,
                UUID.randomUUID());
        assertThat(email.subject()).isEqualTo("Emergency numbers work again: Nord");
        assertThat(email.html()).startsWith("<!DOCTYPE html><html lang=\"en\">");
    }

    @Test
    void aDeclarationWithoutNumbersAndTheEndCarryTheUnsubscribeLinkAndHeadersToo() {
        UUID delivery = UUID.randomUUID();
        MailGateway.Email declared = SubscriberMail.declared("a@example.org", "Nord", "Le 15 ne répond plus",
                List.of("15"), "fr", LINK, UNSUBSCRIBE, delivery);
        assertThat(declared.subject()).isEqualTo("Numéros d’urgence injoignables : Nord");
        assertThat(declared.text()).startsWith("15 injoignable(s) (Nord) : Le 15 ne répond plus\n").contains(UNSUBSCRIBE);
        MailGateway.Email ended = SubscriberMail.ended("a@example.org", "Nord", "Le 15 <b>ne répond plus</b>", "en", LINK,
                UNSUBSCRIBE, delivery);
        assertThat(ended.subject()).isEqualTo("Service restored: Nord");
        assertThat(ended.html()).contains("&lt;b&gt;").doesNotContain("<b>").contains(UNSUBSCRIBE);
        for (MailGateway.Email email : List.of(declared, ended)) {
            assertThat(email.headers()).containsEntry("Message-ID", "<" + delivery + "@tocsin.local>")
                    .containsEntry("List-Unsubscribe", "<" + UNSUBSCRIBE + ">")
                    .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
    }
}
