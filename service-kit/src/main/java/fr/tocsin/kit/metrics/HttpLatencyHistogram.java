package fr.tocsin.kit.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * Gives Quarkus' HTTP server timer ({@code http_server_requests_seconds}) a few fixed buckets, so dashboards and
 * alerts read p50/p99 per route ({@code histogram_quantile} over {@code _bucket}). Eleven bounds, not Micrometer's
 * seventy-odd percentile buckets: the series stay few per route and status. A bucket costs each request a binary
 * search and an increment, so the public side (dissemination-service, #19) switches it off at build time with
 * {@code tocsin.metrics.http-histogram=false} and its latency is read from its mean and max instead.
 */
@Singleton
@IfBuildProperty(name = "tocsin.metrics.http-histogram", stringValue = "true", enableIfMissing = true)
public class HttpLatencyHistogram implements MeterFilter {

    private static final double[] BOUNDS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000)
            .mapToDouble(millis -> Duration.ofMillis(millis).toNanos()).toArray();

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals("http.server.requests")) {
            return config;
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(BOUNDS).build().merge(config);
    }
}
