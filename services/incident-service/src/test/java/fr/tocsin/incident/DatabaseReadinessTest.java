package fr.tocsin.incident;

import fr.tocsin.localstack.PostgresServer;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The authority API is ready only when its database is (#17): without it no declaration can be stored, so the
 * ingress must send authorities to a replica that can. Liveness ignores the database: a restart would not bring it
 * back, and restarting every replica at once would only add a start storm to the outage.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class DatabaseReadinessTest {

    @Test
    void readinessFollowsTheDatabaseAndLivenessDoesNot() throws Exception {
        assumeTrue(TestStack.get().embeddedPostgres().isPresent(), "needs the embedded database server to stop it");
        PostgresServer postgres = TestStack.get().embeddedPostgres().get();
        given().get("/q/health/ready").then().statusCode(200);
        postgres.kill();
        try {
            await("readiness DOWN without the database").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                            .body(containsString("DOWN")));
            await("liveness stays UP without the database").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> given().get("/q/health/live").then().statusCode(200));
        } finally {
            postgres.restart();
        }
        await("readiness UP again with the database").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/health/live").then().statusCode(200);
    }
}
