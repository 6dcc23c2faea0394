package fr.tocsin.pagekit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
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
 * the same files under versioned URLs of its own. The URLs are not versioned, so cached for an hour only.
 */
@ApplicationScoped
@Named("dsfr")
public class DsfrRoute {

    static final String CACHE_CONTROL = "public, max-age=3600";

    @ConfigProperty(name = "tocsin.pages.dsfr-path")
    Optional<String> path;

    void serve(@Observes Router router) {
        path.ifPresent(prefix -> router.route(prefix + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
                // the first request of a file reads the jar: off the event loop
                .blockingHandler(context -> {
                    String file = context.normalizedPath().substring(prefix.length() + 1);
                    DsfrFiles.find(file).ifPresentOrElse(found -> context.response()
                            .putHeader("Content-Type", found.contentType())
                            .putHeader("Cache-Control", CACHE_CONTROL)
                            .end(Buffer.buffer(found.bytes())), context::next);
                }, false));
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
        return path.orElseThrow(() -> new IllegalStateException("tocsin.pages.dsfr-path is not set")) + "/";
    }
}
