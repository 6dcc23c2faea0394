package fr.tocsin.e2e;

import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.ServiceFront;
import fr.tocsin.localstack.ServiceSpec;
import fr.tocsin.localstack.scenario.RolloutBenchmark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged dissemination-service instances on one database and one broker, as after a scale-out: each serves
 * current pages; and one of them restarted behind a front that follows readiness drops no request (#17). Posting each
 * declaration exactly once is broadcast-service's (BroadcastScaleOutIT).
 */
class DisseminationScaleOutIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static LocalStack stack;
    static String first;
    static String second;
    static ServiceSpec secondInstance;

    @BeforeAll
    static void start() {
        stack = E2eStack.get();
        ServiceSpec another = stack.startAnotherInstance("dissemination-service");
        first = stack.service("dissemination-service").url();
        second = another.url();
        secondInstance = another;
    }

    @Test
    void twoInstancesServeCurrentPages() throws Exception {
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String title = "Panne du 18 dans le Jura, déclaration " + i + " " + java.util.UUID.randomUUID();
            titles.add(title);
            E2eStack.declare("39", "18", title, "Les pompiers ne répondent plus.");
        }
        // Both instances keep their own pages current from the same topics.
        for (String instance : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(instance + "/departements/39")).build());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains(titles);
            });
        }
    }

    /**
     * As one step of a rolling update: readers go on through a front (a Kubernetes Service) while one instance gets
     * SIGTERM and starts again. It turns not-ready and keeps serving for quarkus.shutdown.delay (E2eStack sets it), so
     * the front stops choosing it before it stops listening, then it drains: no request fails. Without the delay the
     * requests the front sent it in the moment before it noticed were refused (503).
     */
    @Test
    void restartingAnInstanceBehindItsFrontDropsNoRequest() throws Exception {
        try (ServiceFront front = ServiceFront.start("dissemination-service", 0)) {
            front.add(first);
            front.add(second);
            assertThat(front.awaitInRotation(first, Duration.ofSeconds(30))).isTrue();
            assertThat(front.awaitInRotation(second, Duration.ofSeconds(30))).isTrue();
            RolloutBenchmark.Load load = new RolloutBenchmark.Load(stack, Map.of("dissemination-service", front), 2);
            try (load) {
                load.start();
                stack.restartInstance(secondInstance, message -> System.out.println("[e2e] " + message));
                assertThat(front.awaitInRotation(second, Duration.ofSeconds(30))).as("back in rotation").isTrue();
                load.stop();
            }
            assertThat(load.sent()).as("requests sent during the restart").isPositive();
            assertThat(load.failed()).as("requests failed: %s", load.counters().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().reasons()).toList()).isZero();
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
