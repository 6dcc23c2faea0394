package fr.tocsin.dissemination.notices;

import fr.tocsin.dissemination.web.PublicAdmission;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Server-Sent Events streams open on this instance, bounded by {@code tocsin.public.max-streams}:
 * {@code tocsin_sse_streams_open}, and {@code tocsin_admission_refused_total{limit="streams"}} for those refused.
 * A bean of its own, created at start, so the gauge exists before the first stream and reads the count requests move.
 */
@Singleton
@Startup
public class OpenStreams {

    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;

    OpenStreams(MeterRegistry registry) {
        // A gauge left by an earlier application in this JVM (Quarkus tests restart it; Micrometer's global registry
        // outlives it) would keep reading that application's object: replace it.
        registry.find("tocsin.sse.streams.open").gauges().forEach(registry::remove);
        Gauge.builder("tocsin.sse.streams.open", open, AtomicInteger::get)
                .description("Server-Sent Events streams open on this instance").register(registry);
        refused = PublicAdmission.refusals(registry, "streams");
    }

    /** Takes a place, or counts a refusal and answers false when all {@code max} are taken. */
    public boolean tryOpen(int max) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            return false;
        }
        return true;
    }

    public void close() {
        open.decrementAndGet();
    }
}
