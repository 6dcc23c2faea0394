package fr.tocsin.incident;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.localstack.KafkaBroker;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TopicTail;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static fr.tocsin.incident.IncidentApi.declareId;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static fr.tocsin.incident.IncidentApi.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * No dual write: with the broker down the API still accepts changes, stays ready and live, and the changes all go
 * out once it is back.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class OutboxKafkaOutageTest {

    @Test
    void changesAcceptedWhileKafkaIsDownAreDeliveredOncePerVersionAfterItRestarts() throws Exception {
        assumeTrue(TestStack.get().embeddedKafka().isPresent(), "needs the embedded broker to stop it");
        KafkaBroker kafka = TestStack.get().embeddedKafka().get();
        String prefect = Tokens.prefecture("60");
        String id;
        kafka.stop();
        try {
            id = declareId(prefect, declarationIn("Pendant la panne de Kafka", "60"));
            post(prefect, id, "updates", "\"1\"", "{\"message\": {\"fr\": \"Point 1\"}}").statusCode(200);
            post(prefect, id, "updates", "\"2\"", "{\"message\": {\"fr\": \"Point 2\"}, \"status\": \"MONITORING\"}")
                    .statusCode(200);
            // While the broker is down the relay, woken by each commit and by its poll, keeps failing: all three
            // events stay in the outbox the whole time (one deleted without the broker's acknowledgement is lost).
            String incident = id;
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(outboxed(incident)).as("events kept in the outbox while Kafka is down").isEqualTo(3));
            // #17: the API stays in rotation (changes wait in the outbox) and is not restarted.
            await("ready and live while the broker is down").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> {
                        given().get("/q/health/ready").then().statusCode(200);
                        given().get("/q/health/live").then().statusCode(200);
                    });
        } finally {
            kafka.restart();
        }
        String incident = id;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(outboxed(incident)).as("sent and acknowledged, then deleted").isZero());
        try (TopicTail tail = TopicTail.of(Topics.INCIDENTS)) {
            // Each version once, and still once a while later: a duplicate would arrive right behind.
            await().atMost(Duration.ofSeconds(60)).until(() -> perVersion(tail.records(), incident).size() == 3);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(perVersion(tail.records(), incident)).containsExactlyInAnyOrderEntriesOf(Map.of(1L, 1L, 2L, 1L, 3L, 1L)));
        }
    }

    private static long outboxed(String incident) {
        return TestDatabase.queryLong("incident", "select count(*) from outbox_event where event_key = ?", incident);
    }

    private static Map<Long, Long> perVersion(List<ConsumerRecord<String, String>> records, String incident) {
        return records.stream().filter(r -> incident.equals(r.key()))
                .map(r -> EventJson.read(r.value(), IncidentEvent.class).incident().version())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
