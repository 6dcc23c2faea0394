package fr.tocsin.dissemination.pages;

import java.util.Locale;

/** The languages of the public pages: French at the site root, English under {@code /en}. */
public enum Lang {
    FR("fr", "", Locale.FRENCH),
    EN("en", "/en", Locale.ENGLISH);

    private final String code;
    private final String prefix;
    private final Locale locale;

    Lang(String code, String prefix, Locale locale) {
        this.code = code;
        this.prefix = prefix;
        this.locale = locale;
    }

    public String code() {
        return code;
    }

    /** Prepended to every site path: "" or "/en". */
    public String prefix() {
        return prefix;
    }

    public Locale locale() {
        return locale;
    }

    public Lang other() {
        return this == FR ? EN : FR;
    }

    /** The path of a page in this language; {@code path} is the French one ("/" for the home page). */
    public String url(String path) {
        if (prefix.isEmpty()) {
            return path.isEmpty() ? "/" : path;
        }
        return "/".equals(path) || path.isEmpty() ? prefix : prefix + path;
    }
}
