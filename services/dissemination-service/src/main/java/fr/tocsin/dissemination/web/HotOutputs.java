package fr.tocsin.dissemination.web;

import fr.tocsin.contracts.territory.Department;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.pages.Lang;
import fr.tocsin.dissemination.rendering.RenderCache;
import fr.tocsin.dissemination.rendering.Rendered;
import fr.tocsin.pagekit.Bodies;
import io.netty.buffer.Unpooled;
import io.quarkus.arc.ClientProxy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The hottest public outputs (a department's page in French and English, a territory's full notices JSON) answered
 * on the event loop from the render cache, as prebuilt buffers with prebuilt headers: the bytes, ETag/304, gzip,
 * security and cache headers that {@code PublicPageResource}, {@code NoticesResource}, {@link CachedResponses} and
 * {@link SecurityHeaders} give, without the hop to a worker thread and the JAX-RS machinery (#19: they took most of
 * a request's time; bench/results/public-profile.md).
 * <p>
 * Only what is already rendered at the board's current version is answered here; anything else (not rendered yet,
 * stale after a change, {@code since}, an unknown territory, an {@code Accept} it would not satisfy, any other
 * method) goes on to the resources unchanged, which render and answer as before. The admission limit applies: a
 * place is taken and given back around the answer, and a refusal is {@link PublicAdmission}'s.
 */
@ApplicationScoped
public class HotOutputs {

    /** Before {@link PublicAdmission}: the place is taken here, without an end handler per request. */
    private static final int ORDER = PublicAdmission.ORDER - 1;
    /** Quarkus' Micrometer binder names the {@code uri} tag after this context local (as RESTEasy sets it). */
    private static final String URI_TEMPLATE = "UrlPathTemplate";
    private static final String PAGE_TEMPLATE = "/departements/{code}";
    private static final String ENGLISH_PAGE_TEMPLATE = "/en/departements/{code}";
    private static final String NOTICES_TEMPLATE = "/api/v1/notices";
    private static final String FR_PAGES = "/departements/";
    private static final String EN_PAGES = "/en/departements/";

    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized(CachedResponses.CACHE_CONTROL);
    private static final CharSequence HSTS = HttpHeaders.createOptimized(SecurityHeaders.HSTS);
    private static final CharSequence REFERRER_POLICY = HttpHeaders.createOptimized(SecurityHeaders.REFERRER_POLICY);
    private static final CharSequence ACCEPT_ENCODING = HttpHeaders.createOptimized("Accept-Encoding");
    private static final CharSequence GZIP = HttpHeaders.createOptimized("gzip");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
    private static final CharSequence CONTENT_SECURITY_POLICY = HttpHeaders.createOptimized("Content-Security-Policy");
    private static final CharSequence STRICT_TRANSPORT_SECURITY = HttpHeaders.createOptimized("Strict-Transport-Security");
    private static final CharSequence REFERRER_POLICY_HEADER = HttpHeaders.createOptimized("Referrer-Policy");
    private static final CharSequence X_CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence X_FRAME_OPTIONS = HttpHeaders.createOptimized("X-Frame-Options");

    private static final int MAX_REMEMBERED = 10_000;

    @Inject
    RenderCache cache;

    @Inject
    fr.tocsin.dissemination.config.PublicConfig config;

    /** The pages' Content-Security-Policy, as {@link SecurityHeaders} gives it. */
    private CharSequence framedNowhere;

    @jakarta.annotation.PostConstruct
    void policy() {
        framedNowhere = HttpHeaders.createOptimized(SecurityHeaders.framedNowhere(config));
    }

    @Inject
    PublicAdmission admission;

    /** A rendering as it goes on the wire: the bytes in direct buffers (written without a copy), the header values. */
    record Wire(String etag, CharSequence etagHeader, CharSequence contentType, Buffer body, Buffer gzip) {

        static Wire of(Rendered rendered) {
            return new Wire(rendered.etag(), HttpHeaders.createOptimized(rendered.etag()),
                    HttpHeaders.createOptimized(rendered.contentType()),
                    direct(rendered.body()), rendered.gzip() == null ? null : direct(rendered.gzip()));
        }

        private static Buffer direct(byte[] bytes) {
            // Unreleasable: Vert.x writes a slice of it per response, and no write may free it.
            return Buffer.buffer(Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes)));
        }
    }

    /** Raw query string → render cache key, and department code → keys (FR, EN): bounded, valid inputs only. */
    private final Map<String, String> noticesKeys = new ConcurrentHashMap<>();
    private final Map<String, String> pageKeys = new ConcurrentHashMap<>();

    void install(@Observes Router router) {
        // Called on every request: the beans themselves, not their client proxies (each call through a proxy looks
        // the instance up in its context).
        cache = ClientProxy.unwrap(cache);
        admission = ClientProxy.unwrap(admission);
        router.route().order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            context.next();
            return;
        }
        String path = context.normalizedPath();
        String key;
        String template;
        String accepted;
        if (path.startsWith(FR_PAGES)) {
            key = remembered(pageKeys, path, () -> departmentKey(path.substring(FR_PAGES.length()), Lang.FR));
            template = PAGE_TEMPLATE;
            accepted = "text/html";
        } else if (path.startsWith(EN_PAGES)) {
            key = remembered(pageKeys, path, () -> departmentKey(path.substring(EN_PAGES.length()), Lang.EN));
            template = ENGLISH_PAGE_TEMPLATE;
            accepted = "text/html";
        } else if (path.equals(NOTICES_TEMPLATE)) {
            String query = request.query();
            key = remembered(noticesKeys, query == null ? "" : query, () -> noticesKey(request));
            template = NOTICES_TEMPLATE;
            accepted = "application/json";
        } else {
            context.next();
            return;
        }
        Wire wire = key == null || !acceptable(request.getHeader(HttpHeaders.ACCEPT), accepted) ? null
                : cache.current(key, Wire::of);
        if (wire == null) {
            context.next();
            return;
        }
        if (!admission.enter()) {
            admission.refuse(context);
            return;
        }
        try {
            ((HttpServerRequestInternal) request).context().putLocal(URI_TEMPLATE, template);
            answer(request, context.response(), wire);
        } finally {
            admission.leave();
        }
    }

    /** What {@link CachedResponses} and {@link SecurityHeaders} answer for a page or notices, header for header. */
    private void answer(HttpServerRequest request, HttpServerResponse response, Wire wire) {
        var headers = response.headers();
        headers.add(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .add(HttpHeaders.ETAG, wire.etagHeader())
                .add(HttpHeaders.VARY, ACCEPT_ENCODING)
                .add(CONTENT_SECURITY_POLICY, framedNowhere)
                .add(X_FRAME_OPTIONS, DENY)
                .add(X_CONTENT_TYPE_OPTIONS, NOSNIFF)
                .add(STRICT_TRANSPORT_SECURITY, HSTS)
                .add(REFERRER_POLICY_HEADER, REFERRER_POLICY);
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && Bodies.matches(ifNoneMatch, wire.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        String acceptEncoding = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = wire.gzip() != null && Bodies.acceptsGzip(acceptEncoding);
        headers.add(HttpHeaders.CONTENT_TYPE, wire.contentType());
        if (gzip) {
            headers.add(HttpHeaders.CONTENT_ENCODING, GZIP);
        }
        response.end(gzip ? wire.gzip() : wire.body());
    }

    /** The render cache's key of a department's page, under which {@code PublicPageResource} renders it. */
    public static String departmentPageKey(String departmentCode, Lang lang) {
        return "page|department:" + departmentCode + "|" + lang.code();
    }

    /** The value of {@code include} that adds the planned works not begun to the notices (#22). */
    public static final String UPCOMING = "upcoming";

    /**
     * The render cache's key of a territory's full notices, under which {@code NoticesResource} renders them; with
     * {@code upcoming}, the variant that lists the planned works not begun too.
     */
    public static String territoryNoticesKey(TerritoryRef ref, boolean upcoming) {
        return "notices|" + ref + "|" + (upcoming ? UPCOMING : "");
    }

    /**
     * The key for {@code input}, looked up once: only keys found are kept, and at most {@link #MAX_REMEMBERED}, so
     * made-up inputs cannot grow the map (beyond, they are looked up each time).
     */
    private static String remembered(Map<String, String> keys, String input, Supplier<String> lookUp) {
        String key = keys.get(input);
        if (key == null) {
            key = lookUp.get();
            if (key != null && keys.size() < MAX_REMEMBERED) {
                keys.put(input, key);
            }
        }
        return key;
    }

    /** Null unless {@code code} is a department's own code (anything else: the resource answers, 404 included). */
    private static String departmentKey(String code, Lang lang) {
        Optional<Department> department = code.isEmpty() || code.indexOf('/') >= 0 ? Optional.empty()
                : TerritoryDirectory.get().department(code);
        return department.map(d -> departmentPageKey(d.code(), lang)).orElse(null);
    }

    /**
     * Null for a {@code since} request, an {@code include} other than {@value #UPCOMING}, or a territory the resource
     * refuses (it answers those itself).
     */
    private static String noticesKey(HttpServerRequest request) {
        String since = request.getParam("since");
        if (since != null && !since.isBlank()) {
            return null;
        }
        String include = request.getParam("include");
        boolean upcoming = include != null && !include.isBlank();
        if (upcoming && !UPCOMING.equals(include.strip())) {
            return null;
        }
        String territory = request.getParam("territory");
        try {
            TerritoryRef ref = territory == null || territory.isBlank() ? TerritoryRef.national() : TerritoryRef.parse(territory);
            return TerritoryDirectory.get().exists(ref) ? territoryNoticesKey(ref, upcoming) : null;
        } catch (IllegalArgumentException invalid) {
            return null;
        }
    }

    /**
     * Whether JAX-RS would serve {@code type} for this {@code Accept}: none, or a range that covers it with a
     * non-zero quality. When in doubt, false: the resource then negotiates (406 and all) as before.
     */
    static boolean acceptable(String accept, String type) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String family = type.substring(0, type.indexOf('/') + 1) + "*";
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (!media.equals("*/*") && !media.equals(family) && !media.equals(type)) {
                continue;
            }
            boolean zero = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
                if (parameter.startsWith("q=")) {
                    try {
                        zero = Double.parseDouble(parameter.substring(2)) <= 0;
                    } catch (NumberFormatException malformed) {
                        return false;
                    }
                }
            }
            if (!zero) {
                return true;
            }
        }
        return false;
    }
}
