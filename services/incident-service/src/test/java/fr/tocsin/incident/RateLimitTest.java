package fr.tocsin.incident;

import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** One client over its limit gets 429 problem+json with Retry-After; other clients are not affected. */
@QuarkusTest
@TestProfile(RateLimitTest.Tight.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class RateLimitTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.rate-limit.requests-per-minute", "6", "tocsin.rate-limit.burst", "3");
        }
    }

    @Test
    void aClientOverItsLimitIsToldToWaitAndOthersAreNot() {
        String busy = Tokens.prefecture("59");
        for (int i = 0; i < 3; i++) {
            as(busy).get(INCIDENTS).then().statusCode(200);
        }
        as(busy).get(INCIDENTS).then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue())
                .body("status", equalTo(429));
        as(Tokens.prefecture("62")).get(INCIDENTS).then().statusCode(200);
        // Without a valid token, the address is the client; its requests still end in 401 while under the limit.
        given().get(INCIDENTS).then().statusCode(401);
    }
}
