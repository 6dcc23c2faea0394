package fr.tocsin.contracts.sms;

import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SMS a subscriber receives when its territory's live numbers change or an incident ends: the fallback numbers
 * first ("Nord : 15 injoignable, appelez le 03 53 01 02 36. Infos : <link>"), in the GSM-7 alphabet where a close
 * equivalent exists (’ → ', œ → oe, ç → c), in at most two segments: numbers that do not fit are left to the link.
 * Rendered by broadcast-service's {@code SubscriberSender} for each ledger entry, and by the console's preview of a
 * declaration (the same words before it is sent); pure, so both write the same text.
 */
public final class SubscriberSms {

    /** Two segments: 2 × 153 septets in GSM-7, 2 × 67 characters in UCS-2. */
    public static final int MAX_SEGMENTS = 2;

    private static final Map<Character, String> GSM_EQUIVALENTS = Map.ofEntries(
            Map.entry('’', "'"), Map.entry('‘', "'"), Map.entry('«', "\""), Map.entry('»', "\""), Map.entry('“', "\""),
            Map.entry('”', "\""), Map.entry('—', "-"), Map.entry('–', "-"), Map.entry('…', "..."), Map.entry('\u00A0', " "),
            Map.entry('\u202F', " "), Map.entry('œ', "oe"), Map.entry('Œ', "OE"), Map.entry('ç', "c"), Map.entry('â', "a"),
            Map.entry('ê', "e"), Map.entry('î', "i"), Map.entry('ô', "o"), Map.entry('û', "u"), Map.entry('ë', "e"),
            Map.entry('ï', "i"), Map.entry('ÿ', "y"), Map.entry('Â', "A"), Map.entry('Ê', "E"), Map.entry('Î', "I"),
            Map.entry('Ô', "O"), Map.entry('Û', "U"), Map.entry('È', "E"), Map.entry('À', "A"), Map.entry('Ë', "E"),
            Map.entry('Ï', "I"), Map.entry('Ù', "U"));

    private SubscriberSms() {
    }

    /** The place an incident's message names: its first three territories, "…" when there are more. */
    public static String place(List<TerritoryRef> territories) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        String names = territories.stream().limit(3).map(directory::name).collect(Collectors.joining(", "));
        return territories.size() > 3 ? names + "…" : names;
    }

    /**
     * The numbers a declaration's messages list, of those live in its territories: the ones it made live; for an
     * actual incident that made none live, all of them (numbers published by hand name no incident); an exercise's
     * message never shows actual numbers.
     */
    public static List<LiveNumber> declarationNumbers(IncidentSnapshot incident, List<LiveNumber> live) {
        List<LiveNumber> its = live.stream().filter(n -> n.incidents().contains(incident.id())).toList();
        return its.isEmpty() && incident.mode() == IncidentMode.ACTUAL ? live : its;
    }

    /** A declaration: its numbers ({@link #declarationNumbers}) when there are some, else what is down. */
    public static String declaration(String place, List<String> services, List<LiveNumber> numbers, String language,
                                     String link) {
        return numbers.isEmpty() ? declared(place, services, language, link) : numbers(place, numbers, language, link);
    }

    /** Live numbers of a place: each replaced service with the number to call instead. */
    public static String numbers(String place, List<LiveNumber> numbers, String language, String link) {
        boolean en = "en".equals(language);
        String tail = (en ? " Info: " : " Infos : ") + link;
        if (numbers.isEmpty()) {
            return gsm(place + (en ? ": the emergency numbers work again, call them as usual."
                    : " : les numéros d'urgence fonctionnent de nouveau, composez-les comme d'habitude.") + tail);
        }
        StringBuilder text = new StringBuilder(gsm(place)).append(en ? ":" : " :");
        int kept = 0;
        for (LiveNumber number : numbers) {
            String sentence = " " + gsm(number.service()) + (en ? " unreachable, call " : " injoignable, appelez le ")
                    + number.national() + ".";
            if (kept > 0 && Gsm7.segments(text + sentence + tail) > MAX_SEGMENTS) {
                break; // the rest are on the page behind the link
            }
            text.append(sentence);
            kept++;
        }
        return text + gsm(tail);
    }

    /** A declaration whose live numbers are not known (yet): what is down, and the page that will list the numbers. */
    public static String declared(String place, List<String> services, String language, String link) {
        boolean en = "en".equals(language);
        String text = gsm(place + (en ? ": " : " : ") + String.join(", ", services)
                + (en ? " unreachable. Numbers to call:" : " injoignable. Numéros à appeler :"));
        return text + gsm(" " + link);
    }

    /** Planned works announced ahead (#22): what and when, never "injoignable" before the start. */
    public static String planned(String place, List<String> services, String window, String language, String link) {
        boolean en = "en".equals(language);
        String text = gsm((en ? "Planned works - " : "Travaux prévus - ") + place + " : " + String.join(", ", services)
                + ". " + window);
        String tail = gsm((en ? " Info: " : " Infos : ") + link);
        while (Gsm7.segments(text + tail) > MAX_SEGMENTS && text.length() > 20) {
            text = text.substring(0, text.length() - 2) + "."; // cut short: the times are on the page
        }
        return text + tail;
    }

    /** Planned works cancelled before their start: nothing changes, the usual numbers stay. */
    public static String cancelled(String place, List<String> services, String language, String link) {
        boolean en = "en".equals(language);
        String text = gsm((en ? "Works cancelled - " : "Travaux annulés - ") + place + " : " + String.join(", ", services)
                + (en ? ". Nothing changes: call the usual numbers." : ". Rien ne change : composez les numéros habituels."));
        return text + gsm((en ? " Info: " : " Infos : ") + link);
    }

    /** The end of an incident: the usual numbers work again. */
    public static String ended(String place, String title, String language, String link) {
        boolean en = "en".equals(language);
        String text = gsm((en ? "Service restored - " : "Service rétabli - ") + place + " : " + title + ".");
        String tail = gsm((en ? " Info: " : " Infos : ") + link);
        while (Gsm7.segments(text + tail) > MAX_SEGMENTS && text.length() > 20) {
            text = text.substring(0, text.length() - 2) + "."; // cut short: the title is on the page
        }
        return text + tail;
    }

    /** The text with GSM-7 equivalents for the characters outside the alphabet that have one. */
    public static String gsm(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String equivalent = GSM_EQUIVALENTS.get(c);
            out.append(equivalent != null ? equivalent : String.valueOf(c));
        }
        return out.toString();
    }
}
