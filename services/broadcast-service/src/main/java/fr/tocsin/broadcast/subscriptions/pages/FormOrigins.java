package fr.tocsin.broadcast.subscriptions.pages;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether a form POST comes from the public site's own pages. The forms are unauthenticated (no session, no cookie),
 * so the only cross-site abuse is another site making its visitors' browsers post them: subscribing strangers from
 * thousands of addresses, which the per-address limit would then not see. Browsers say where a POST comes from:
 * {@code Origin} (every current browser on a POST), {@code Sec-Fetch-Site}, and {@code Referer}; one that names another
 * site is refused (403). A request without any of them (curl, an old browser) is not a browser attack and stays
 * subject to every limit. The secrets in links (confirmation, unsubscribe, management) protect the rest.
 */
public final class FormOrigins {

    private final Set<String> allowed;

    /** @param sites the public site's root and this service's public root (the same host in production) */
    public FormOrigins(String... sites) {
        allowed = Stream.of(sites).map(FormOrigins::origin).filter(o -> !o.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    public boolean sameSite(String origin, String fetchSite, String referer) {
        if (origin != null && !origin.isBlank()) {
            return allowed.contains(origin.strip().toLowerCase(Locale.ROOT)); // "null" (a sandboxed frame) too is refused
        }
        if ("cross-site".equalsIgnoreCase(fetchSite)) {
            return false;
        }
        return referer == null || referer.isBlank() || allowed.contains(origin(referer));
    }

    /** scheme://host[:port] of a URL, lower-cased; empty when it is not one. */
    static String origin(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "";
            }
            return (uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()))
                    .toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
