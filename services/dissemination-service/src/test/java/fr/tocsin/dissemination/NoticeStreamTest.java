package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Push for prefecture sites: the stream sends the current notices, then each change of that territory's. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class NoticeStreamTest {

    @TestHTTPResource("/api/v1/notices/stream?territory=76")
    URI stream;

    @Test
    void pushesTheTerritorysNoticesWhenTheyChange() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = nextData(events);
            assertThat(first).contains("\"territory\":\"department:76\"");

            // A change elsewhere is not pushed to this territory's subscribers.
            IncidentEvent elsewhere = IncidentEvent.of(IncidentEventType.DECLARED, Incidents.snapshot(UUID.randomUUID(), 1,
                    IncidentStatus.ACTIVE, "Ailleurs", List.of("18"), "department:2A"), Instant.now());
            TopicWriter.send(Topics.INCIDENTS, 0, elsewhere.key(), EventJson.write(elsewhere));
            UUID id = UUID.randomUUID();
            IncidentEvent event = IncidentEvent.of(IncidentEventType.DECLARED, Incidents.snapshot(id, 1,
                    IncidentStatus.ACTIVE, "Seine-Maritime sans 18", List.of("18"), "department:76"), Instant.now());
            TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
            String pushed = CompletableFuture.supplyAsync(() -> nextData(events)).get(30, TimeUnit.SECONDS);
            assertThat(pushed).contains(id.toString());
        }
    }

    private static String nextData(BufferedReader events) {
        try {
            for (String line = events.readLine(); line != null; line = events.readLine()) {
                if (line.startsWith("data:")) {
                    return line.substring(5).strip();
                }
            }
            throw new AssertionError("stream ended");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
