package fr.tocsin.dissemination.web;

import fr.tocsin.dissemination.config.PublicConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.List;

/**
 * Headers that keep a public alert page from being restyled, reframed or scripted by someone else: pages load
 * only their own assets (no inline code anywhere), only the widget may be framed, and only by the configured
 * sites. Set on every response, so errors and feeds carry them too.
 */
public class SecurityHeaders {

    static final String PAGE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'self'; "
            + "font-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'";
    /** An error page under overload ({@link PublicAdmission}): its only form is the search, here. */
    static final String FRAMED_NOWHERE = PAGE_POLICY + "; frame-ancestors 'none'";
    static final String HSTS = "max-age=63072000; includeSubDomains";
    static final String REFERRER_POLICY = "strict-origin-when-cross-origin";

    private final String framedNowhere;
    private final String framedByEmbedders;

    @Inject
    SecurityHeaders(PublicConfig config) {
        List<String> embedders = config.widgetEmbedders().orElse(List.of());
        framedNowhere = framedNowhere(config);
        framedByEmbedders = pagePolicy(config) + "; frame-ancestors " + (embedders.isEmpty() ? "'none'"
                : String.join(" ", embedders));
    }

    /** Every page but the widget (also sent, prebuilt, by {@link HotOutputs}). */
    static String framedNowhere(PublicConfig config) {
        return pagePolicy(config) + "; frame-ancestors 'none'";
    }

    /**
     * The pages' policy; their subscription form posts to the subscription service, the same host in production but
     * another origin locally, which {@code form-action} then names too.
     */
    static String pagePolicy(PublicConfig config) {
        return config.subscriptionsUrl().map(url -> url.replaceAll("/+$", "")).filter(origin -> !origin.isEmpty()
                && !origin.equals(config.baseUrl().replaceAll("/+$", "")))
                .map(origin -> PAGE_POLICY.replace("form-action 'self'", "form-action 'self' " + origin))
                .orElse(PAGE_POLICY);
    }

    @ServerResponseFilter
    public void secure(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        boolean widget = request.getUriInfo().getPath().startsWith("/widget/")
                || request.getUriInfo().getPath().startsWith("/en/widget/");
        headers.putSingle("Content-Security-Policy", widget ? framedByEmbedders : framedNowhere);
        if (!widget) {
            headers.putSingle("X-Frame-Options", "DENY"); // browsers without CSP level 2
        }
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Strict-Transport-Security", HSTS);
        headers.putSingle("Referrer-Policy", REFERRER_POLICY);
    }
}
