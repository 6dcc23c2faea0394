package fr.tocsin.dissemination.web;

import fr.tocsin.dissemination.config.PublicConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds the public requests one instance holds at once (being served or waiting for a worker thread): beyond
 * {@code tocsin.public.max-in-flight}, a request is refused at once, on the event loop, with a 503 and
 * {@code Retry-After} (problem+json on machine paths, the DSFR error page on citizens' pages), before it costs a
 * worker, a queue slot or any rendering. The worker pool's own queue is unbounded, so without this a flood would
 * queue requests until memory ran out and answer every one of them late.
 * <p>
 * Not counted: Server-Sent Events streams (long-lived, capped by {@code max-streams}), the authority endpoints
 * (rate-limited per client) and {@code /q/*} (probes and metrics must answer most of all when the public side is
 * flooded). Refusals are a metric and a warning at most every ten seconds, never a log line per request.
 */
@ApplicationScoped
public class PublicAdmission {

    private static final Logger LOG = Logger.getLogger(PublicAdmission.class);
    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);
    /** Ahead of RESTEasy and of every other application route but {@link HotOutputs}. */
    static final int ORDER = -1_000;
    /** The path is never echoed (it is the client's input): the body is a constant. */
    static final String PROBLEM = """
            {"type":"https://tocsin.fr/problems/overloaded","title":"Service surchargé / Service overloaded","status":503,\
            "detail":"Trop de demandes en même temps : réessayez dans une seconde / too many requests at once: retry in a second"}""";

    @Inject
    PublicConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    ErrorPages errorPages;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder refusedSinceWarning = new LongAdder();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL.toNanos());
    private Counter refused;

    void install(@Observes Router router) {
        Gauge.builder("tocsin.public.in.flight", inFlight, AtomicInteger::get)
                .description("Public requests being served or waiting for a worker").register(registry);
        refused = refusals(registry, "in-flight");
        router.route().order(ORDER).handler(this::admit);
    }

    private void admit(RoutingContext context) {
        if (!counted(context.normalizedPath())) {
            context.next();
            return;
        }
        if (!enter()) {
            refuse(context);
            return;
        }
        // Called once whether the response ends, fails or the client goes away: the place is always given back.
        context.addEndHandler(ended -> inFlight.decrementAndGet());
        context.next();
    }

    /**
     * {@code tocsin_admission_refused_total{limit}}: public requests refused as overload (503), by the limit that
     * refused them ({@code in-flight} here, {@code streams} for the SSE streams' cap). The only per-request metric
     * work on the public side besides Quarkus' HTTP timer, and only on refusal.
     */
    public static Counter refusals(MeterRegistry registry, String limit) {
        return Counter.builder("tocsin.admission.refused").description("Public requests refused as overload (503)")
                .tag("limit", limit).register(registry);
    }

    static boolean counted(String path) {
        return !path.startsWith("/q/") && !path.startsWith("/api/v1/notices/stream")
                && !path.startsWith("/api/v1/audit");
    }

    /**
     * Takes a place if one is free. {@link HotOutputs} answers on the event loop without an end handler: it takes
     * the place, answers and gives it back with {@link #leave()} at once.
     */
    boolean enter() {
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    void refuse(RoutingContext context) {
        refused.increment();
        refusedSinceWarning.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARNING_INTERVAL.toNanos() && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("Public side overloaded: %d requests refused (503) in the last %d s, at most %d at once",
                    refusedSinceWarning.sumThenReset(), Duration.ofNanos(now - last).toSeconds(), config.maxInFlight());
        }
        var response = context.response().setStatusCode(503)
                .putHeader("Retry-After", "1")
                // An intermediary keeps serving its last good copy (stale-if-error) instead of caching the refusal.
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Strict-Transport-Security", SecurityHeaders.HSTS)
                .putHeader("Referrer-Policy", SecurityHeaders.REFERRER_POLICY);
        String path = context.normalizedPath();
        if (ErrorPages.isPage(path)) {
            // A citizen's browser gets the DSFR page (rendered at start, constant bytes), with the search form.
            response.putHeader("Content-Type", "text/html;charset=UTF-8")
                    .putHeader("Content-Security-Policy", SecurityHeaders.FRAMED_NOWHERE)
                    .putHeader("X-Frame-Options", "DENY")
                    .end(io.vertx.core.buffer.Buffer.buffer(errorPages.page(503, ErrorPages.langOf(path)).body()));
            return;
        }
        response.putHeader("Content-Type", "application/problem+json")
                .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                .end(PROBLEM);
    }
}
