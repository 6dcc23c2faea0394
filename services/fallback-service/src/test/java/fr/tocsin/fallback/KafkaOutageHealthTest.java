package fr.tocsin.fallback;

import fr.tocsin.localstack.KafkaBroker;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A broker outage neither takes fallback-service out of rotation (its API still stores numbers; live numbers wait in the
 * outbox, incidents in the topic) nor gets it restarted: its Kafka channels are out of readiness, and their liveness
 * turns DOWN only when a channel has failed for good, which a broker outage is not (#17).
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class KafkaOutageHealthTest {

    @Test
    void readyAndLiveWhileTheBrokerIsDownAndAfter() throws Exception {
        assumeTrue(TestStack.get().embeddedKafka().isPresent(), "needs the embedded broker to stop it");
        KafkaBroker kafka = TestStack.get().embeddedKafka().get();
        given().get("/q/health/ready").then().statusCode(200);
        kafka.kill();
        try {
            // ARCEP's fiction range: nobody real is ever called. The write API still answers without the broker.
            given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType(ContentType.JSON)
                    .body(Map.of("territory", "department:23", "service", "17", "number", "05 36 49 00 23",
                            "label", "Police 23 (panne Kafka)"))
                    .post("/api/v1/fallback-numbers").then().statusCode(201);
            await("ready and live while the broker is down").during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        given().get("/q/health/ready").then().statusCode(200);
                        given().get("/q/health/live").then().statusCode(200);
                    });
        } finally {
            kafka.restart();
        }
        await("ready and live after the outage").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health/live").then().statusCode(200);
        });
        TestDatabase.execute("fallback", "delete from fallback_number where territory = 'department:23'");
    }
}
