package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.config.SubscriptionConfig;
import fr.tocsin.broadcast.networks.MailGateway;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The words of the messages to subscribers, French or English as they chose. SMS texts keep to the GSM-7 alphabet
 * (a straight apostrophe, no œ) so that they travel in one 160-character segment.
 */
@ApplicationScoped
public class SubscriptionMessages {

    @Inject
    SubscriptionConfig config;

    String confirmationSms(String language, String code, Duration validity) {
        long minutes = validity.toMinutes();
        return "en".equals(language)
                ? "Tocsin: your confirmation code is " + code + ". It expires in " + minutes
                + " min. If you did not ask for it, ignore this message."
                : "Tocsin : votre code de confirmation est " + code + ". Il expire dans " + minutes
                + " min. Si vous n'avez rien demandé, ignorez ce message.";
    }

    MailGateway.Email confirmationEmail(String to, String language, TerritoryRef territory, String token,
                                        String unsubscribeToken, UUID subscription) {
        String place = TerritoryDirectory.get().name(territory);
        // The page with a button, not the API: opening the link (a mail scanner does) must not confirm.
        String link = config.apiBaseUrl() + ("en".equals(language) ? "/en" : "") + "/abonnement/confirmation?token=" + token;
        String subject;
        String text;
        String html;
        if ("en".equals(language)) {
            subject = "Confirm your subscription to the fallback numbers (" + place + ")";
            text = "Someone, probably you, asked to receive by e-mail the numbers to call when an emergency number is down in "
                    + place + ".\n\nTo confirm, open this link within " + config.codeValidity().toMinutes()
                    + " minutes:\n" + link + "\n\nIf you did not ask for it, ignore this message: you will receive nothing else.\n";
            html = "<p>Someone, probably you, asked to receive by e-mail the numbers to call when an emergency number is down in "
                    + escape(place) + ".</p><p><a href=\"" + escape(link) + "\">Confirm my subscription</a></p>"
                    + "<p>If you did not ask for it, ignore this message: you will receive nothing else.</p>";
        } else {
            subject = "Confirmez votre abonnement aux numéros de secours (" + place + ")";
            text = "Quelqu’un, sans doute vous, a demandé à recevoir par e-mail les numéros à appeler quand un numéro "
                    + "d’urgence est injoignable : " + place + ".\n\nPour confirmer, ouvrez ce lien dans les "
                    + config.codeValidity().toMinutes() + " minutes :\n" + link
                    + "\n\nSi vous n’avez rien demandé, ignorez ce message : vous ne recevrez rien d’autre.\n";
            html = "<p>Quelqu’un, sans doute vous, a demandé à recevoir par e-mail les numéros à appeler quand un numéro "
                    + "d’urgence est injoignable : " + escape(place) + ".</p><p><a href=\"" + escape(link)
                    + "\">Confirmer mon abonnement</a></p><p>Si vous n’avez rien demandé, ignorez ce message : vous ne "
                    + "recevrez rien d’autre.</p>";
        }
        return new MailGateway.Email(to, subject, text, "<!DOCTYPE html><html lang=\"" + ("en".equals(language) ? "en" : "fr")
                + "\"><body>" + html + "</body></html>", unsubscribeHeaders(unsubscribeToken,
                "<confirmation." + subscription + "." + System.nanoTime() + "@tocsin.local>"));
    }

    /** Message-ID, and the one-click unsubscribe of RFC 8058 (List-Unsubscribe with an https URI, POST). */
    Map<String, String> unsubscribeHeaders(String unsubscribeToken, String messageId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Message-ID", messageId);
        headers.put("List-Unsubscribe", "<" + unsubscribeLink(unsubscribeToken) + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return headers;
    }

    String unsubscribeLink(String unsubscribeToken) {
        return config.apiBaseUrl() + "/api/v1/subscriptions/unsubscribe?token=" + unsubscribeToken;
    }

    /**
     * The link of a message that stands for several subscriptions of one destination (a Nord declaration to someone
     * following the Nord and some of its communes): their tokens joined by dots, so that it ends every subscription
     * that brought the message — "stop these messages", not one of five — and nothing else (each token can only end
     * its own subscription).
     */
    String unsubscribeLink(java.util.List<String> unsubscribeTokens) {
        return unsubscribeLink(String.join(Subscriptions.TOKEN_SEPARATOR, unsubscribeTokens));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
