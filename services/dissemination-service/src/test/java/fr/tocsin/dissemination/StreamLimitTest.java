package fr.tocsin.dissemination;

import fr.tocsin.testsupport.Metrics;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Open streams are bounded per instance: beyond, 503 problem+json with Retry-After; a closed one frees a place. */
@QuarkusTest
@TestProfile(StreamLimitTest.OneStream.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class StreamLimitTest {

    public static class OneStream implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.public.max-streams", "1");
        }
    }

    @TestHTTPResource("/api/v1/notices/stream?territory=59")
    URI stream;

    @Test
    void streamsBeyondTheLimitAreRefusedUntilOneCloses() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> first = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body().read()).as("the first stream is sending").isPositive();

        double refusedBefore = refusedStreams();
        HttpResponse<String> second = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(refusedStreams()).as("tocsin_admission_refused_total{limit=streams}").isEqualTo(refusedBefore + 1);
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        // The JSON API itself keeps answering.
        HttpResponse<String> poll = http.send(HttpRequest.newBuilder(URI.create(stream.toString().replace("/stream", ""))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(poll.statusCode()).isEqualTo(200);

        first.body().close();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<InputStream> again = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = again.body()) {
                assertThat(again.statusCode()).isEqualTo(200);
            }
        });
    }

    private static double refusedStreams() {
        return Metrics.of(io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString())
                .sum("tocsin_admission_refused_total", "limit", "streams");
    }
}
