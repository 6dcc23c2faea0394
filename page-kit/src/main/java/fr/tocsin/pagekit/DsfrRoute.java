package fr.tocsin.pagekit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * The DSFR at the path a service names in {@code tocsin.pages.dsfr-path} ({@code /dsfr} for the console,
 * {@code /abonnement/static/dsfr} for the subscription pages, which the ingress routes to broadcast-service), and its
 * URLs for the templates ({@code inject:dsfr}). Without the property nothing is served: dissemination-service serves
 * the same files under versioned URLs of its own. Here too the URLs carry the DSFR release ({@code
 * /dsfr/1.15.3/core/core.min.css}; the stylesheets' relative links to fonts and icons stay inside that tree), so a
 * phone keeps them for a year and a new release is a new URL. Text files go gzipped to whoever accepts it (the core
 * stylesheet is about a sixth of its size so, on a crisis evening's congested mobile network), and an ETag answers a
 * revalidation with 304.
 */
@ApplicationScoped
@Named("dsfr")
public class DsfrRoute {

    static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

    @ConfigProperty(name = "tocsin.pages.dsfr-path")
    Optional<String> path;

    void serve(@Observes Router router) {
        path.ifPresent(prefix -> router.route(prefix + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
                // the first request of a file reads the jar: off the event loop
                .blockingHandler(context -> {
                    String versioned = context.normalizedPath().substring(prefix.length() + 1);
                    String release = DsfrFiles.version() + "/";
                    // Another release's URL is not this content: not found, rather than cached for a year as it.
                    Optional<ClasspathFile> found = versioned.startsWith(release)
                            ? DsfrFiles.find(versioned.substring(release.length())) : Optional.empty();
                    found.ifPresentOrElse(file -> answer(context, file), context::next);
                }, false));
    }

    private static void answer(RoutingContext context, ClasspathFile file) {
        HttpServerResponse response = context.response()
                .putHeader(HttpHeaders.ETAG, file.etag())
                .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .putHeader(HttpHeaders.VARY, "Accept-Encoding");
        String ifNoneMatch = context.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && Bodies.matches(ifNoneMatch, file.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        boolean gzip = file.gzip() != null && Bodies.acceptsGzip(context.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
        if (gzip) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, file.contentType())
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(Buffer.buffer(gzip ? file.gzip() : file.bytes()));
    }

    /** The URL of a DSFR file at this service's path ("favicon/favicon.svg"). */
    public String url(String file) {
        return base() + file;
    }

    /** The stylesheets' URLs at this service's path, in cascade order. */
    public List<String> stylesheets() {
        String base = base();
        return DsfrFiles.stylesheets().stream().map(file -> base + file).toList();
    }

    private String base() {
        return path.orElseThrow(() -> new IllegalStateException("tocsin.pages.dsfr-path is not set")) + "/"
                + DsfrFiles.version() + "/";
    }
}
