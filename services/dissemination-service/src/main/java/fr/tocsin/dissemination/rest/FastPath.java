package fr.tocsin.dissemination.rest;

import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.service.RenderCache;
import fr.tocsin.dissemination.service.Rendered;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The crisis-spike path: the hottest public outputs (home, department and commune pages, the notices JSON),
 * answered on the event loop straight from the render cache when they are current, before the REST layer.
 * Anything else — a stale or never-rendered output, another URL, a variant — goes on to the resources, which
 * render it once; the answer is the same bytes and headers either way ({@link CachedResponses}).
 */
@ApplicationScoped
public class FastPath {

    @Inject
    RenderCache cache;

    void install(@Observes Router router) {
        router.get().order(-100).handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        Optional<Rendered> rendered = key(ctx.normalizedPath(), ctx.request().query()).flatMap(cache::current);
        if (rendered.isEmpty()) {
            ctx.next();
            return;
        }
        Rendered output = rendered.get();
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.ETAG, output.etag())
                .putHeader(HttpHeaders.CACHE_CONTROL, CachedResponses.CACHE_CONTROL)
                .putHeader(HttpHeaders.VARY, "Accept-Encoding");
        String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && CachedResponses.matches(ifNoneMatch, output.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        String acceptEncoding = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = output.gzip() != null && acceptEncoding != null && acceptEncoding.contains("gzip");
        if (gzip) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, output.contentType())
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(Buffer.buffer(gzip ? output.gzip() : output.body()));
    }

    /** The render-cache key the resources use for this URL, when it is one the fast path knows. */
    static Optional<String> key(String path, String query) {
        boolean english = path.equals("/en") || path.startsWith("/en/");
        String lang = english ? "en" : "fr";
        String rest = english ? path.substring(3) : path;
        if (query == null && (rest.isEmpty() || rest.equals("/"))) {
            return Optional.of("page|FR|" + lang);
        }
        TerritoryDirectory directory = TerritoryDirectory.get();
        if (query == null && rest.startsWith("/departements/") && rest.indexOf('/', 14) < 0) {
            String code = rest.substring(14);
            // Only the canonical spelling: "2a" goes through the resource, which knows it means "2A".
            return directory.department(code).filter(d -> d.code().equals(code))
                    .map(d -> "page|" + TerritoryRef.department(code) + "|" + lang);
        }
        if (query == null && rest.startsWith("/communes/") && rest.indexOf('/', 10) < 0) {
            String code = rest.substring(10);
            return directory.commune(code).filter(c -> c.code().equals(code))
                    .map(c -> "page|" + TerritoryRef.commune(code) + "|" + lang);
        }
        if (lang.equals("fr") && rest.equals("/api/v1/notices")) {
            if (query == null) {
                return Optional.of("notices|" + TerritoryRef.national() + "|");
            }
            if (query.startsWith("territory=") && query.indexOf('&') < 0) {
                try {
                    TerritoryRef ref = TerritoryRef.parse(java.net.URLDecoder.decode(query.substring(10),
                            java.nio.charset.StandardCharsets.UTF_8));
                    return directory.exists(ref) ? Optional.of("notices|" + ref + "|") : Optional.empty();
                } catch (IllegalArgumentException notOurs) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
