package fr.tocsin.broadcast.subscriptions.pages;

import java.util.Locale;

/**
 * What every subscription page's layout needs: its language ("fr" at {@code /abonnement}, "en" under
 * {@code /en/abonnement}), its path in French (the other language's link is derived from it) and the public site's
 * root, which the header, footer and "back" links point to (the same host in production, where the ingress routes
 * {@code /abonnement} here). The DSFR files are page-kit's, served at {@code tocsin.pages.dsfr-path}.
 */
public record SubscriptionPage(String lang, String path, String siteUrl) {

    public static SubscriptionPage of(String lang, String path, String siteUrl) {
        return new SubscriptionPage("en".equals(lang) ? "en" : "fr", path, siteUrl.replaceAll("/+$", ""));
    }

    public boolean english() {
        return "en".equals(lang);
    }

    public Locale locale() {
        return english() ? Locale.ENGLISH : Locale.FRENCH;
    }

    public String otherLang() {
        return english() ? "fr" : "en";
    }

    /** One of these pages ("/abonnement/gerer") in the page's language. */
    public String link(String pagePath) {
        return (english() ? "/en" : "") + pagePath;
    }

    /** This page in the other language. */
    public String otherUrl() {
        return (english() ? "" : "/en") + path;
    }

    /** A page of the public site ("/", "/accessibilite") in the page's language. */
    public String site(String sitePath) {
        return siteUrl + (english() ? ("/".equals(sitePath) ? "/en" : "/en" + sitePath) : sitePath);
    }
}
