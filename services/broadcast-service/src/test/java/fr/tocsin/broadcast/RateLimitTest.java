package fr.tocsin.broadcast;

import fr.tocsin.testsupport.RateLimits;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** The authority API is limited per client (the token's subject): one client's flood does not stop another. */
@QuarkusTest
@TestProfile(RateLimits.Tight.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
class RateLimitTest {

    @Test
    void theAuthorityApiIsLimitedPerClient() {
        String incident = UUID.randomUUID().toString();
        RateLimits.exhaust(() -> deliveries(Tokens.prefecture("59"), incident).get("/api/v1/deliveries"), 200);
        deliveries(Tokens.ministry(), incident).get("/api/v1/deliveries").then().statusCode(200);
        RateLimits.auditTrailIsLimited(Tokens.prefecture("62"));
    }

    private static RequestSpecification deliveries(String token, String incident) {
        return given().header("Authorization", Tokens.bearer(token)).queryParam("incident", incident);
    }
}
