package fr.tocsin.dissemination.rest;

import java.time.ZoneId;

/**
 * What every public page's layout needs: its language, its path in French (the other language's link is
 * derived from it) and the time zone its times are shown in.
 */
public record PageContext(Lang lang, String path, ZoneId zone) {

    static PageContext of(Lang lang, String path) {
        return new PageContext(lang, path, PageFormats.PARIS);
    }

    static PageContext of(Lang lang, String path, String departmentCode) {
        return new PageContext(lang, path, PageFormats.zoneOf(departmentCode));
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
