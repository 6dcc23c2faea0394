package fr.tocsin.dissemination.pages;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** How the public pages show times: in the territory's own time zone, in words of the page's language. */
@TemplateExtension
public final class PageFormats {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** Overseas departments live in their own time zones; a Guadeloupean reads 14:05, not 20:05. */
    private static final Map<String, ZoneId> OVERSEAS = Map.of(
            "971", ZoneId.of("America/Guadeloupe"),
            "972", ZoneId.of("America/Martinique"),
            "973", ZoneId.of("America/Cayenne"),
            "974", ZoneId.of("Indian/Reunion"),
            "976", ZoneId.of("Indian/Mayotte"));

    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH'h'mm", Lang.FR.locale());
    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm", Lang.EN.locale());

    private PageFormats() {
    }

    static ZoneId zoneOf(String departmentCode) {
        return OVERSEAS.getOrDefault(departmentCode, PARIS);
    }

    /** "22 novembre 2026 à 18h05" / "22 November 2026 at 18:05"; empty for an unknown instant. */
    static String display(Instant instant, Lang lang, ZoneId zone) {
        if (instant == null || Instant.EPOCH.equals(instant)) {
            return "—";
        }
        return (lang == Lang.EN ? ENGLISH : FRENCH).format(instant.atZone(zone));
    }

    /** A territory as the public names it ("Nord", "Caen"). */
    static String displayName(fr.tocsin.contracts.territory.TerritoryRef territory) {
        return fr.tocsin.contracts.territory.TerritoryDirectory.get().name(territory);
    }

    /** The machine-readable form for {@code <time datetime>}. */
    static String iso(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
