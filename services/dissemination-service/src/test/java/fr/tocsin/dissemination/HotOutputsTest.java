package fr.tocsin.dissemination;

import fr.tocsin.dissemination.rendering.RenderCache;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hottest outputs (department pages, notices JSON) are answered from prebuilt buffers on the event loop once
 * rendered (#19): byte for byte and header for header what the JAX-RS resources answer when they render them, for
 * GET with and without gzip, HEAD, 304 and English; and what the fast answer does not cover still reaches the
 * resources (406, 400, since).
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class HotOutputsTest {

    private static final Pattern COUNT = Pattern.compile(
            "(?m)^http_server_requests_seconds_count\\{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/departements/\\{code}\"} ([0-9.E+]+)");

    @Inject
    RenderCache cache;

    @TestHTTPResource("/")
    URI root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theFastAnswerIsTheResourcesAnswerHeaderForHeader() throws Exception {
        record Case(String path, String key, String method, Map<String, String> headers) {
        }
        List<Case> cases = List.of(
                new Case("departements/31", "page|department:31|fr", "GET", Map.of("Accept-Encoding", "gzip")),
                new Case("departements/31", "page|department:31|fr", "GET", Map.of()),
                new Case("departements/31", "page|department:31|fr", "HEAD", Map.of("Accept-Encoding", "gzip")),
                new Case("departements/2a", "page|department:2A|fr", "GET",
                        Map.of("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")),
                new Case("en/departements/31", "page|department:31|en", "GET", Map.of("Accept-Encoding", "gzip, deflate")),
                new Case("api/v1/notices?territory=31", "notices|department:31|", "GET", Map.of("Accept-Encoding", "gzip")),
                new Case("api/v1/notices?territory=department:31", "notices|department:31|", "GET", Map.of("Accept", "*/*")),
                new Case("api/v1/notices", "notices|FR|", "HEAD", Map.of()));
        for (Case c : cases) {
            cache.forget(c.key());
            HttpResponse<byte[]> rendered = send(c.method(), c.path(), c.headers());
            assertThat(cache.peek(c.key())).as(c + " rendered by the resource").isPresent();
            HttpResponse<byte[]> fast = send(c.method(), c.path(), c.headers());
            assertThat(fast.statusCode()).as(c.toString()).isEqualTo(rendered.statusCode()).isEqualTo(200);
            assertThat(headers(fast)).as(c.toString()).isEqualTo(headers(rendered));
            assertThat(fast.body()).as(c.toString()).isEqualTo(rendered.body());

            String etag = rendered.headers().firstValue("ETag").orElseThrow();
            Map<String, String> revalidate = new TreeMap<>(c.headers());
            revalidate.put("If-None-Match", "\"other\", " + etag);
            cache.forget(c.key());
            HttpResponse<byte[]> notModified = send(c.method(), c.path(), revalidate);
            HttpResponse<byte[]> fastNotModified = send(c.method(), c.path(), revalidate);
            assertThat(fastNotModified.statusCode()).as(c + " 304").isEqualTo(notModified.statusCode()).isEqualTo(304);
            assertThat(headers(fastNotModified)).as(c + " 304").isEqualTo(headers(notModified));
            assertThat(fastNotModified.body()).isEmpty();
        }
    }

    @Test
    void whatTheFastAnswerDoesNotCoverStillReachesTheResources() throws Exception {
        send("GET", "departements/62", Map.of());
        send("GET", "api/v1/notices?territory=62", Map.of());
        assertThat(send("GET", "departements/62", Map.of("Accept", "application/json")).statusCode()).isEqualTo(406);
        assertThat(send("GET", "api/v1/notices?territory=62", Map.of("Accept", "text/html")).statusCode()).isEqualTo(406);
        assertThat(send("GET", "departements/999", Map.of()).statusCode()).isEqualTo(404);
        assertThat(send("GET", "api/v1/notices?territory=department:999", Map.of()).statusCode()).isEqualTo(400);
        HttpResponse<byte[]> since = send("GET", "api/v1/notices?territory=62&since=2026-01-01T00:00:00Z", Map.of());
        assertThat(since.statusCode()).isEqualTo(200);
        assertThat(new String(since.body())).contains("\"since\"");
        assertThat(send("POST", "departements/62", Map.of()).statusCode()).isEqualTo(405);
    }

    @Test
    void fastAnswersAreCountedUnderTheRouteTemplate() throws Exception {
        send("GET", "departements/64", Map.of());
        double before = count();
        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", "departements/64", Map.of()).statusCode()).isEqualTo(200);
        }
        assertThat(count() - before).as("http_server_requests_seconds_count{uri=/departements/{code}}").isEqualTo(5);
    }

    private double count() throws Exception {
        Matcher m = COUNT.matcher(new String(send("GET", "q/metrics", Map.of()).body()));
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private HttpResponse<byte[]> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Every header, names case-insensitive (HTTP/1.1), values as sent. */
    private static Map<String, List<String>> headers(HttpResponse<?> response) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(response.headers().map());
        return headers;
    }
}
