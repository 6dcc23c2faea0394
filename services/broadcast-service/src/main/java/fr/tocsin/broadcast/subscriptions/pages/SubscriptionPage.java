package fr.tocsin.broadcast.subscriptions.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What every subscription page's layout needs: its language ("fr" at {@code /abonnement}, "en" under
 * {@code /en/abonnement}), its path in French (the other language's link is derived from it) and the public site's
 * root, which the header, footer and "back" links point to (the same host in production, where the ingress routes
 * {@code /abonnement} here).
 */
public record SubscriptionPage(String lang, String path, String siteUrl) {

    /** Where the build copies the DSFR (the public pages' release): served as static files by this service. */
    private static final String DSFR = "/abonnement/static/dsfr/";
    private static final List<String> STYLESHEETS = loadStylesheets();

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

    public String asset(String file) {
        return DSFR + file;
    }

    /** The DSFR stylesheets in cascade order, as the public pages link them. */
    public List<String> stylesheets() {
        return STYLESHEETS;
    }

    private static List<String> loadStylesheets() {
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("META-INF/resources" + DSFR + "stylesheets.txt")) {
            if (in == null) {
                throw new IllegalStateException("Missing the DSFR: the build copies it (exec-maven-plugin, "
                        + "dissemination-service/src/main/frontend/build-assets.mjs)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank())
                    .map(line -> DSFR + line.strip()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
