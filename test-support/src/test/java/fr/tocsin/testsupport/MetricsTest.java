package fr.tocsin.testsupport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The exposition reader, on lines as Quarkus serves them (with OpenMetrics exemplars once traces exist). */
class MetricsTest {

    private static final String EXPOSITION = """
            # TYPE tocsin_publication_latency_seconds histogram
            tocsin_publication_latency_seconds_bucket{kind="live-numbers",le="5.0"} 3.0 # {span_id="7ec9010e9a483284",trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 1.25 1764662400.000
            tocsin_publication_latency_seconds_count{kind="live-numbers"} 4.0 # {span_id="ebbc15d00aa41ce7"} 3.5 1764662401.000
            tocsin_publication_latency_seconds_sum{kind="live-numbers"} 18.138173469
            tocsin_publication_latency_seconds_count{kind="incident"} 2.0
            http_server_requests_seconds_count{method="GET",uri="/a}b \\"quoted\\" {x}"} 7.0
            process_uptime_seconds 12.5
            """;

    @Test
    void anExemplarIsNotTheSamplesValue() {
        Metrics metrics = Metrics.of(EXPOSITION);
        assertEquals(4.0, metrics.sum("tocsin_publication_latency_seconds_count", "kind", "live-numbers"));
        assertEquals(6.0, metrics.sum("tocsin_publication_latency_seconds_count"));
        assertEquals(3.0, metrics.bucket("tocsin_publication_latency_seconds", 5, "kind", "live-numbers"));
    }

    @Test
    void bracesAndQuotesInsideALabelValueAreTheValuesOwn() {
        Metrics metrics = Metrics.of(EXPOSITION);
        assertEquals(7.0, metrics.sum("http_server_requests_seconds_count", "uri", "/a}b \"quoted\" {x}"));
        assertEquals(12.5, metrics.sum("process_uptime_seconds"));
    }

    @Test
    void aMissingSampleIsAnError() {
        Metrics metrics = Metrics.of(EXPOSITION);
        assertThrows(AssertionError.class, () -> metrics.sum("tocsin_publication_latency_seconds_count", "kind", "other"));
    }
}
