package fr.tocsin.incident.idempotency;

import fr.tocsin.incident.IncidentApi;

import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.as;
import static fr.tocsin.incident.IncidentApi.declareId;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class IdempotencyTest {

    private final String prefect = Tokens.prefecture("80");

    @Test
    void aRetriedDeclarationReturnsTheFirstResultAndCreatesNothingMore() {
        String key = UUID.randomUUID().toString();
        String title = "Idempotence " + key;
        String body = declarationIn(title, "80");
        var first = as(prefect).header("Idempotency-Key", key).body(body).post(INCIDENTS).then().statusCode(201)
                .extract();
        var retry = as(prefect).header("Idempotency-Key", key).body(body).post(INCIDENTS).then().statusCode(201)
                .extract();
        assertThat(retry.body().asString()).isEqualTo(first.body().asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("ETag")).isEqualTo("\"1\"");
        assertThat(countTitled(title)).isEqualTo(1L);

        // Reusing the key for another request is a client error, not a silent replay.
        as(prefect).header("Idempotency-Key", key).body(declarationIn("Autre", "80")).post(INCIDENTS).then()
                .statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void concurrentRetriesStillCreateOneIncident() throws Exception {
        String key = UUID.randomUUID().toString();
        String title = "Concurrent " + key;
        // Six threads of their own (the common pool has one on two cores) released together by a latch.
        ExecutorService threads = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> calls = IntStream.range(0, 6).mapToObj(i -> threads.submit(() -> {
                start.await();
                return as(prefect).header("Idempotency-Key", key).body(declarationIn(title, "80")).post(INCIDENTS)
                        .then().extract().statusCode();
            })).toList();
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<Integer> call : calls) {
                statuses.add(call.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(201);
        } finally {
            threads.shutdownNow();
        }
        assertThat(countTitled(title)).isEqualTo(1L);
    }

    @Test
    void aRetriedUpdateIsAppliedOnce() {
        String id = declareId(prefect, declarationIn("Mise à jour rejouée", "80"));
        String key = UUID.randomUUID().toString();
        String update = "{\"message\": {\"fr\": \"Point de situation\"}}";
        for (int attempt = 0; attempt < 3; attempt++) {
            // The retry carries the same If-Match as the first try: it must get the first answer, not a 412.
            as(prefect).header("Idempotency-Key", key).header("If-Match", "\"1\"").body(update)
                    .post(INCIDENTS + "/" + id + "/updates").then().statusCode(200).body("version", equalTo(2));
        }
        as(prefect).get(INCIDENTS + "/" + id).then().body("version", equalTo(2)).body("timeline.size()", equalTo(2));
    }

    private static long countTitled(String title) {
        return TestDatabase.queryLong("incident", "select count(*) from incident where title_fr = ?", title);
    }
}
