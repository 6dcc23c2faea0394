package fr.tocsin.contracts.posts;

import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.TimelineEntry;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryLevel;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The words of a post, French first (English for accounts that post in English, the incident's English text
 * when the authority gave one). Numbers are written as the public dials them.
 */
public final class PostComposer {

    private static final Map<String, String[]> SERVICES = Map.of(
            "15", new String[]{"SAMU", "SAMU (medical)"},
            "17", new String[]{"Police secours", "Police"},
            "18", new String[]{"Pompiers", "Fire brigade"},
            "112", new String[]{"Urgences (112)", "Emergency (112)"},
            "114", new String[]{"Urgences sourds et malentendants (114)", "Deaf emergency (114)"},
            "mairie", new String[]{"Mairie", "Town hall"});

    private PostComposer() {
    }

    public static Post incident(IncidentSnapshot incident, PostKind kind, String language, String baseUrl) {
        boolean en = "en".equals(language);
        String title = incident.title().in(language);
        StringBuilder text = new StringBuilder();
        switch (kind) {
            case DECLARED -> {
                if (incident.status().upcoming()) {
                    // Announced ahead: nothing is down yet, so no warning sign and no "unreachable" words.
                    text.append("🗓️ ").append(en ? "Planned works: " : "Travaux programmés : ").append(title)
                            .append('\n').append(window(incident, en)).append('\n')
                            .append(incident.description().in(language));
                    break;
                }
                text.append("⚠️ ").append(title).append('\n').append(incident.description().in(language));
                if (incident.instructions() != null) {
                    text.append('\n').append(incident.instructions().in(language));
                }
            }
            case UPDATED -> {
                text.append("🔄 ").append(en ? "Update: " : "Mise à jour : ").append(title);
                latest(incident).ifPresent(entry -> text.append('\n').append(entry.message().in(language)));
            }
            case ENDED -> text.append(incident.status() == IncidentStatus.CANCELLED
                    ? (en ? "Cancelled: " : "Annulé : ") + title
                    : "✅ " + (en ? "Service restored: " : "Service rétabli : ") + title);
        }
        return new Post(text.toString(), incidentLink(incident.id(), language, baseUrl),
                hashtags(incident.territories()), language);
    }

    public static Post numbers(LiveNumbersEvent set, String language, String baseUrl) {
        boolean en = "en".equals(language);
        String place = TerritoryDirectory.get().name(set.territory());
        StringBuilder text = new StringBuilder();
        if (set.numbers().isEmpty()) {
            text.append("✅ ").append(place).append(en
                    ? ": the emergency fallback numbers are withdrawn. Call the usual numbers again."
                    : " : les numéros de secours de remplacement sont retirés. Composez de nouveau les numéros habituels.");
        } else {
            text.append("📞 ").append(place).append(en ? " — numbers to call now:" : " — numéros à appeler maintenant :");
            for (LiveNumber number : set.numbers()) {
                String[] names = SERVICES.get(number.service());
                String service = names == null ? number.service() : names[en ? 1 : 0];
                text.append('\n').append(service).append(en ? ": " : " : ").append(number.national());
            }
        }
        return new Post(text.toString(), territoryLink(set.territory(), language, baseUrl),
                hashtags(List.of(set.territory())), language);
    }

    /** The public page of an incident, in the language's path. */
    public static String incidentLink(java.util.UUID incident, String language, String baseUrl) {
        return baseUrl + ("en".equals(language) ? "/en" : "") + "/incidents/" + incident;
    }

    /** The public page of a territory (its live numbers), in the language's path; the national page otherwise. */
    public static String territoryLink(TerritoryRef territory, String language, String baseUrl) {
        boolean en = "en".equals(language);
        String page = switch (territory.level()) {
            case DEPARTMENT -> "/departements/" + territory.code();
            case COMMUNE -> "/communes/" + territory.code();
            default -> "/";
        };
        return baseUrl + (en ? "/en" : "") + (page.equals("/") && en ? "" : page);
    }

    private static final java.time.format.DateTimeFormatter FRENCH_TIME = java.time.format.DateTimeFormatter
            .ofPattern("EEEE d MMMM yyyy 'à' HH'h'mm", java.util.Locale.FRENCH);
    private static final java.time.format.DateTimeFormatter ENGLISH_TIME = java.time.format.DateTimeFormatter
            .ofPattern("EEEE d MMMM yyyy 'at' HH:mm", java.util.Locale.UK);

    /** "Du mardi 8 décembre 2026 à 02h00 au mardi 8 décembre 2026 à 04h00 (heure de Paris)." */
    public static String plannedWindow(IncidentSnapshot incident, String language) {
        return window(incident, "en".equals(language));
    }

    private static String window(IncidentSnapshot incident, boolean en) {
        if (incident.plannedStartAt() == null || incident.plannedEndAt() == null) {
            return "";
        }
        java.time.format.DateTimeFormatter format = en ? ENGLISH_TIME : FRENCH_TIME;
        java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
        String from = format.format(incident.plannedStartAt().atZone(paris));
        String to = format.format(incident.plannedEndAt().atZone(paris));
        return en ? "From " + from + " to " + to + " (Paris time)."
                : "Du " + from + " au " + to + " (heure de Paris).";
    }

    private static java.util.Optional<TimelineEntry> latest(IncidentSnapshot incident) {
        return incident.timeline().isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(incident.timeline().getLast());
    }

    /** #Tocsin, then the place when there is one ("#Nord", "#Caen"), without accents or spaces. */
    private static List<String> hashtags(List<TerritoryRef> territories) {
        List<String> tags = new ArrayList<>(List.of("Tocsin"));
        if (territories.size() == 1 && territories.getFirst().level() != TerritoryLevel.NATIONAL) {
            String name = TerritoryDirectory.get().name(territories.getFirst());
            String tag = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                    .replaceAll("[^A-Za-z0-9]+", " ").strip();
            StringBuilder camel = new StringBuilder();
            for (String word : tag.split(" ")) {
                if (!word.isEmpty()) {
                    camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
            }
            if (!camel.isEmpty()) {
                tags.add(camel.toString());
            }
        }
        return tags;
    }
}
