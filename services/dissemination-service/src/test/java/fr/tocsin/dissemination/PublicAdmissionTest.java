package fr.tocsin.dissemination;

import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flood of public requests against an instance that holds at most two at once: every answer is a page or an
 * immediate 503 with Retry-After (problem+json for the API and feeds, the DSFR error page for pages), probes and the authority API are never refused, and once the flood
 * (including clients that hang up mid-request) is over every place is given back and pages answer again.
 */
@QuarkusTest
@TestProfile(PublicAdmissionTest.TwoAtOnce.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class PublicAdmissionTest {

    public static class TwoAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.public.max-in-flight", "2");
        }
    }

    private static final Pattern IN_FLIGHT = Pattern.compile("(?m)^tocsin_public_in_flight(\\{[^}]*})? ([0-9.E+]+)");
    private static final Pattern REFUSED = Pattern.compile("(?m)^tocsin_admission_refused_total\\{limit=\"in-flight\"} ([0-9.E+]+)");

    @TestHTTPResource("/")
    URI root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFloodIsRefusedAtOnceAndEveryPlaceIsGivenBack() throws Exception {
        List<String> paths = List.of("departements/59", "recherche?q=saint", "api/v1/notices?territory=59", "feeds/incidents.atom");
        Set<String> unexpected = ConcurrentHashMap.newKeySet();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean flooding = new AtomicBoolean(true);
        double refusedBefore = metric(REFUSED);
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int c = 0; c < 48; c++) {
                String path = paths.get(c % paths.size());
                clients.submit(() -> {
                    while (flooding.get()) {
                        HttpResponse<String> response = get(path);
                        if (response.statusCode() == 200) {
                            served.incrementAndGet();
                        } else if (isOverloadAnswer(path, response)) {
                            refused.incrementAndGet();
                        } else {
                            unexpected.add(path + " → " + response.statusCode() + " " + response.body());
                        }
                    }
                    return null;
                });
            }
            // Clients that send a request and hang up without reading the answer (a bounded number: each costs the
            // server a socket until it has seen the hang-up).
            for (int c = 0; c < 8; c++) {
                clients.submit(() -> {
                    for (int i = 0; i < 250 && flooding.get(); i++) {
                        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
                            OutputStream out = socket.getOutputStream();
                            out.write(("GET /departements/62 HTTP/1.1\r\nHost: " + root.getHost() + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(refused.get()).as("requests refused as overload").isPositive();
                assertThat(served.get()).as("pages served meanwhile").isPositive();
            });
            // During the flood, probes and the authority API are not counted, so never refused.
            for (int i = 0; i < 20; i++) {
                assertThat(get("q/health/ready").statusCode()).isEqualTo(200);
                assertThat(get("api/v1/audit").statusCode())
                        .as("authority API (audit trail): refused for want of a token, not for overload").isEqualTo(401);
            }
        } finally {
            flooding.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(unexpected).as("answers other than a page or a 503 overload problem").isEmpty();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(metric(IN_FLIGHT)).isZero());
        // Every refusal a client saw was counted (the clients that hang up may have been refused unseen).
        assertThat(metric(REFUSED) - refusedBefore).as("tocsin_admission_refused_total{limit=in-flight}")
                .isGreaterThanOrEqualTo(refused.get());
        for (String path : paths) {
            assertThat(get(path).statusCode()).as(path + " after the flood").isEqualTo(200);
        }
    }

    /** problem+json for programs; a citizen's page gets the DSFR error page with the search form (issue #16). */
    private boolean isOverloadAnswer(String path, HttpResponse<String> response) {
        boolean refusal = response.statusCode() == 503
                && response.headers().firstValue("Retry-After").isPresent()
                && response.headers().firstValue("Cache-Control").orElse("").contains("no-store");
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (path.startsWith("api/") || path.startsWith("feeds/")) {
            return refusal && type.startsWith("application/problem+json")
                    && response.body().contains("\"status\":503") && response.body().contains("Service surchargé");
        }
        return refusal && type.startsWith("text/html") && response.body().contains("<h1>Service surchargé</h1>")
                && response.body().contains("<form role=\"search\"");
    }

    private double metric(Pattern gauge) throws Exception {
        Matcher m = gauge.matcher(get("q/metrics").body());
        assertThat(m.find()).as("metric " + gauge).isTrue();
        return Double.parseDouble(m.group(m.groupCount()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
