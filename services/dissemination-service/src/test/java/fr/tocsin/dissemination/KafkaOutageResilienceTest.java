package fr.tocsin.dissemination;

import fr.tocsin.localstack.KafkaBroker;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The public side keeps answering from memory while the broker is gone, and stays ready (in the ingress's rotation)
 * and live (not restarted) throughout (#17).
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class KafkaOutageResilienceTest {

    @Test
    void pagesAndFeedsAnswerWhileKafkaIsDown() throws Exception {
        assumeTrue(TestStack.get().embeddedKafka().isPresent(), "needs the embedded broker to stop it");
        KafkaBroker kafka = TestStack.get().embeddedKafka().get();
        List<String> paths = List.of("/", "/departements/59", "/api/v1/notices?territory=59", "/feeds/incidents.atom",
                "/feeds/cap.atom", "/communes/14118");
        kafka.kill();
        try {
            for (int round = 0; round < 3; round++) {
                for (String path : paths) {
                    given().get(path).then().statusCode(200);
                }
                Thread.sleep(1_000);
            }
            HealthProbes.stayUp("the broker is down");
        } finally {
            kafka.restart();
        }
        HealthProbes.comeBackUp();
    }
}
