package fr.tocsin.dissemination.pages;

import java.time.ZoneId;

/**
 * What every public page's layout needs: its language, its path in French (the other language's link is
 * derived from it), the time zone its times are shown in, and the territory its feeds cover (null: national).
 */
public record PageContext(Lang lang, String path, ZoneId zone, String feedTerritory) {

    public static PageContext of(Lang lang, String path) {
        return new PageContext(lang, path, PageFormats.PARIS, null);
    }

    public static PageContext of(Lang lang, String path, String departmentCode) {
        return new PageContext(lang, path, PageFormats.zoneOf(departmentCode), departmentCode);
    }

    /** The same page, its feeds covering {@code territory} ("59", "14118"; null for all of France). */
    public PageContext withFeeds(String territory) {
        return new PageContext(lang, path, zone, territory);
    }

    /** The page's Atom ("atom") or RSS ("rss") feed, in its language. */
    public String feed(String kind) {
        return lang.url("/feeds/incidents." + kind) + (feedTerritory == null ? "" : "?territory=" + feedTerritory);
    }

    /** This page in its own language. */
    public String url() {
        return lang.url(path);
    }

    /** This page in the other language. */
    public String otherUrl() {
        return lang.other().url(path);
    }

    /** A site path ("/departements/59") in the page's language. */
    public String link(String sitePath) {
        return lang.url(sitePath);
    }
}
