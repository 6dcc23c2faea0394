package fr.tocsin.dissemination.readmodel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;

/**
 * Declaration-to-public latency: from the producer's {@code occurredAt} (incident-service or fallback-service, in
 * the transaction of the change) to the moment this instance's board shows the change. One histogram per kind of
 * event ({@code tocsin_publication_latency_seconds_bucket{kind}}), so p50/p99 come from Prometheus; the alert is on
 * its p99 over 5 s. Recorded once per change that reaches the board, never per request.
 */
@Singleton
@Startup // the series exist (at zero) from the start, so rates and quantiles have a baseline
public class PublicationMetrics {

    static final String NAME = "tocsin.publication.latency";

    private final Timer incidents;
    private final Timer liveNumbers;

    PublicationMetrics(MeterRegistry registry) {
        incidents = timer(registry, "incident");
        liveNumbers = timer(registry, "live-numbers");
    }

    private static Timer timer(MeterRegistry registry, String kind) {
        return Timer.builder(NAME)
                .description("From the event's occurredAt (set by its producer) to the change being visible on this "
                        + "instance's public board")
                .tag("kind", kind)
                .publishPercentileHistogram()
                // Buckets from 50 ms to 10 s, plus exact bounds at the targets (#19: 250 ms, 1 s), the alert (5 s) and 10 s.
                .minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .serviceLevelObjectives(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry);
    }

    void incidentVisible(Instant occurredAt) {
        record(incidents, occurredAt);
    }

    void liveNumbersVisible(Instant occurredAt) {
        record(liveNumbers, occurredAt);
    }

    private static void record(Timer timer, Instant occurredAt) {
        if (occurredAt == null) {
            return; // an event without its producer's time says nothing about latency
        }
        Duration latency = Duration.between(occurredAt, Instant.now());
        // Clocks of two hosts: a producer slightly ahead would give a negative latency, which means "at once".
        timer.record(latency.isNegative() ? Duration.ZERO : latency);
    }
}
