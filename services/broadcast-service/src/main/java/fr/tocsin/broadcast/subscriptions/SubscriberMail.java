package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.networks.MailGateway;
import fr.tocsin.contracts.fallback.LiveNumber;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The e-mail a subscriber receives when its territory's live numbers change: plain text and HTML, French or English,
 * the numbers first, a one-click unsubscribe (RFC 8058) and a Message-ID derived from the ledger entry, so a message
 * sent again after a crash carries the same id and the recipient's client shows it once. The building block of the
 * subscriber fan-out (not wired to the ledger yet, see the README).
 */
public final class SubscriberMail {

    private SubscriberMail() {
    }

    /**
     * @param delivery the ledger entry's id (destination × subject × version × kind)
     */
    public static MailGateway.Email numbers(String to, String place, List<LiveNumber> numbers, String language,
                                            String link, String unsubscribeLink, UUID delivery) {
        boolean en = "en".equals(language);
        String subject = numbers.isEmpty()
                ? (en ? "Emergency numbers work again: " : "Les numéros d’urgence fonctionnent de nouveau : ") + place
                : (en ? "Numbers to call now: " : "Numéros à appeler maintenant : ") + place;
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"").append(en ? "en" : "fr")
                .append("\"><body>");
        if (numbers.isEmpty()) {
            String line = en ? "The emergency numbers work again in " + place + ": call them as usual."
                    : "Les numéros d’urgence fonctionnent de nouveau (" + place + ") : composez-les comme d’habitude.";
            text.append(line).append('\n');
            html.append("<p>").append(SubscriptionMessages.escape(line)).append("</p>");
        } else {
            html.append("<ul>");
            for (LiveNumber number : numbers) {
                String line = number.service() + (en ? " unreachable, call " : " injoignable, appelez le ") + number.national();
                text.append(line).append('\n');
                html.append("<li>").append(SubscriptionMessages.escape(number.service()))
                        .append(en ? " unreachable, call " : " injoignable, appelez le ").append("<a href=\"tel:")
                        .append(SubscriptionMessages.escape(number.e164())).append("\">")
                        .append(SubscriptionMessages.escape(number.national())).append("</a></li>");
            }
            html.append("</ul>");
        }
        String more = en ? "More information: " : "Plus d’informations : ";
        String stop = en ? "Unsubscribe: " : "Se désabonner : ";
        text.append('\n').append(more).append(link).append('\n').append(stop).append(unsubscribeLink).append('\n');
        html.append("<p>").append(more).append("<a href=\"").append(SubscriptionMessages.escape(link)).append("\">")
                .append(SubscriptionMessages.escape(link)).append("</a></p><p><a href=\"")
                .append(SubscriptionMessages.escape(unsubscribeLink)).append("\">").append(en ? "Unsubscribe" : "Se désabonner")
                .append("</a></p></body></html>");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Message-ID", "<" + delivery + "@tocsin.local>");
        headers.put("List-Unsubscribe", "<" + unsubscribeLink + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return new MailGateway.Email(to, subject, text.toString(), html.toString(), headers);
    }
}
