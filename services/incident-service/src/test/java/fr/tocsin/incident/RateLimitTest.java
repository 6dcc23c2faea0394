package fr.tocsin.incident;

import fr.tocsin.testsupport.RateLimits;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.as;
import static io.restassured.RestAssured.given;

/** One client over its limit gets 429 problem+json with Retry-After; other clients are not affected. */
@QuarkusTest
@TestProfile(RateLimits.Tight.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class RateLimitTest {

    @Test
    void aClientOverItsLimitIsToldToWaitAndOthersAreNot() {
        RateLimits.exhaust(() -> as(Tokens.prefecture("59")).get(INCIDENTS), 200);
        as(Tokens.prefecture("62")).get(INCIDENTS).then().statusCode(200);
        // Without a valid token, the address is the client; its requests still end in 401 while under the limit.
        given().get(INCIDENTS).then().statusCode(401);
    }
}
