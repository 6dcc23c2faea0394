package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.networks.MailGateway;
import fr.tocsin.contracts.fallback.LiveNumber;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The e-mail a subscriber receives when an incident is declared, its territory's live numbers change, or the incident
 * ends: plain text and HTML, French or English,
 * the numbers first, a one-click unsubscribe (RFC 8058) and a Message-ID derived from the ledger entry, so a message
 * sent again after a crash carries the same id and the recipient's client shows it once. Rendered by
 * {@link SubscriberSender} for each ledger entry.
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
        return wrap(to, subject, text, html, en, link, unsubscribeLink, delivery);
    }

    /** A declaration whose live numbers are not known (yet): what is down, and where to read the numbers. */
    public static MailGateway.Email declared(String to, String place, String title, List<String> services,
                                             String language, String link, String unsubscribeLink, UUID delivery) {
        boolean en = "en".equals(language);
        String line = String.join(", ", services) + (en ? " unreachable in " + place + ": " : " injoignable(s) (" + place
                + ") : ") + title;
        return single(to, (en ? "Emergency numbers down: " : "Numéros d’urgence injoignables : ") + place, line, en, link,
                unsubscribeLink, delivery);
    }

    /** Planned works announced ahead (#22): what and when; the numbers to call come at the start. */
    public static MailGateway.Email planned(String to, String place, String title, String window, String language,
                                            String link, String unsubscribeLink, UUID delivery) {
        boolean en = "en".equals(language);
        String line = (en ? "Planned works (" + place + "): " : "Travaux prévus (" + place + ") : ") + title + ". " + window
                + (en ? " The numbers to call instead will be sent when the works begin."
                : " Les numéros à appeler à la place vous seront envoyés au début des travaux.");
        return single(to, (en ? "Planned works: " : "Travaux prévus : ") + place, line, en, link, unsubscribeLink,
                delivery);
    }

    /** Planned works cancelled before their start: nothing changes. */
    public static MailGateway.Email cancelled(String to, String place, String title, String window, String language,
                                              String link, String unsubscribeLink, UUID delivery) {
        boolean en = "en".equals(language);
        String line = (en ? "Planned works cancelled (" + place + "): " : "Travaux annulés (" + place + ") : ") + title
                + ". " + window + (en ? " Nothing changes: call the usual numbers."
                : " Rien ne change : composez les numéros habituels.");
        return single(to, (en ? "Works cancelled: " : "Travaux annulés : ") + place, line, en, link, unsubscribeLink,
                delivery);
    }

    /** The end of an incident: the usual numbers work again. */
    public static MailGateway.Email ended(String to, String place, String title, String language, String link,
                                          String unsubscribeLink, UUID delivery) {
        boolean en = "en".equals(language);
        String line = (en ? "Service restored (" + place + "): " : "Service rétabli (" + place + ") : ") + title
                + (en ? ". Call the usual numbers again." : ". Composez de nouveau les numéros habituels.");
        return single(to, (en ? "Service restored: " : "Service rétabli : ") + place, line, en, link, unsubscribeLink,
                delivery);
    }

    private static MailGateway.Email single(String to, String subject, String line, boolean en, String link,
                                            String unsubscribeLink, UUID delivery) {
        StringBuilder text = new StringBuilder(line).append('\n');
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"").append(en ? "en" : "fr")
                .append("\"><body><p>").append(SubscriptionMessages.escape(line)).append("</p>");
        return wrap(to, subject, text, html, en, link, unsubscribeLink, delivery);
    }

    /** The link to the page, the unsubscribe link in every mail, and the headers (Message-ID, RFC 8058). */
    private static MailGateway.Email wrap(String to, String subject, StringBuilder text, StringBuilder html, boolean en,
                                          String link, String unsubscribeLink, UUID delivery) {
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
