package fr.tocsin.incident;

import fr.tocsin.testsupport.Metrics;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static fr.tocsin.incident.IncidentApi.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An authority API's metrics: HTTP latency buckets per route (service-kit's HttpLatencyHistogram: p50/p99 on the
 * dashboard), its Kafka producer's metrics, and the audit chain's gauges from the start. The audit gauges moving is AuditVerificationTest's.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class MetricsTest {

    @Test
    void theAuthorityApiHasLatencyBucketsPerRouteAndTheAuditGauges() {
        as(Tokens.prefecture("80")).get("/api/v1/incidents").then().statusCode(200);
        Metrics metrics = Metrics.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
        assertThat(metrics.values("http_server_requests_seconds_bucket", "uri")).contains("/api/v1/incidents");
        assertThat(metrics.bucket("http_server_requests_seconds", 0.25, "uri", "/api/v1/incidents", "method", "GET"))
                .as("a bound at 250 ms").isNotNaN();
        assertThat(metrics.bucket("http_server_requests_seconds", 10, "uri", "/api/v1/incidents", "method", "GET"))
                .as("the request, under 10 s").isGreaterThanOrEqualTo(1);
        // The outbox relay's Kafka producer, through Quarkus' Micrometer Kafka binder.
        assertThat(metrics.text()).contains("kafka_producer_");
        assertThat(metrics.has("tocsin_audit_chain_valid")).isTrue();
        assertThat(metrics.has("tocsin_audit_chain_verified_timestamp_seconds")).isTrue();
    }
}
