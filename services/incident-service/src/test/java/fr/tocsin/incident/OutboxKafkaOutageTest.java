package fr.tocsin.incident;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.localstack.KafkaBroker;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicReader;
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
            // Give the relay time to try and fail against the dead broker.
            Thread.sleep(2_000);
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
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(Topics.INCIDENTS, Duration.ofSeconds(60),
                read -> read.stream().filter(r -> incident.equals(r.key())).count() >= 3);
        // Keep reading a little: a duplicate would arrive right behind.
        Thread.sleep(3_000);
        records = TopicReader.readUntil(Topics.INCIDENTS, Duration.ofSeconds(5), read -> false);
        Map<Long, Long> perVersion = records.stream().filter(r -> incident.equals(r.key()))
                .map(r -> EventJson.read(r.value(), IncidentEvent.class).incident().version())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perVersion).containsExactlyInAnyOrderEntriesOf(Map.of(1L, 1L, 2L, 1L, 3L, 1L));
    }
}
