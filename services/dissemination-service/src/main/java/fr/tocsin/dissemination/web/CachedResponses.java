package fr.tocsin.dissemination.web;

import fr.tocsin.dissemination.rendering.Rendered;
import fr.tocsin.pagekit.Bodies;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Public responses from memory: strong ETag with 304 on a match, pre-compressed gzip, and a cache policy that
 * lets browsers and CDNs keep serving the last content for a while if Tocsin cannot answer, yet revalidate
 * within seconds so a new declaration shows at once.
 */
public final class CachedResponses {

    static final String CACHE_CONTROL = "public, max-age=5, stale-while-revalidate=30, stale-if-error=86400";

    private CachedResponses() {
    }

    public static Response of(Rendered rendered, HttpHeaders headers) {
        return of(rendered, headers, CACHE_CONTROL);
    }

    public static Response of(Rendered rendered, HttpHeaders headers, String cacheControl) {
        String ifNoneMatch = headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && Bodies.matches(ifNoneMatch, rendered.etag())) {
            return Response.notModified().header(HttpHeaders.ETAG, rendered.etag())
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl).header(HttpHeaders.VARY, "Accept-Encoding").build();
        }
        String acceptEncoding = headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = rendered.gzip() != null && Bodies.acceptsGzip(acceptEncoding);
        return Response.ok(gzip ? rendered.gzip() : rendered.body())
                .type(rendered.contentType())
                .header(HttpHeaders.CONTENT_ENCODING, gzip ? "gzip" : null)
                .header(HttpHeaders.ETAG, rendered.etag())
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.VARY, "Accept-Encoding")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }
}
