package fr.tocsin.broadcast;

import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** The authority API is limited per client (the token's subject): one client's flood does not stop another. */
@QuarkusTest
@TestProfile(RateLimitTest.Tight.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
class RateLimitTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.rate-limit.requests-per-minute", "6", "tocsin.rate-limit.burst", "3");
        }
    }

    @Test
    void theAuthorityApiIsLimitedPerClient() {
        String prefecture = Tokens.prefecture("59");
        String incident = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", Tokens.bearer(prefecture)).queryParam("incident", incident)
                    .get("/api/v1/deliveries").then().statusCode(200);
        }
        given().header("Authorization", Tokens.bearer(prefecture)).queryParam("incident", incident)
                .get("/api/v1/deliveries").then().statusCode(429)
                .contentType(startsWith("application/problem+json")).header("Retry-After", notNullValue());
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).queryParam("incident", incident)
                .get("/api/v1/deliveries").then().statusCode(200);
        // The audit trail is an authority endpoint too.
        String auditor = Tokens.prefecture("62");
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", Tokens.bearer(auditor)).get("/api/v1/audit").then().statusCode(200);
        }
        given().header("Authorization", Tokens.bearer(auditor)).get("/api/v1/audit").then().statusCode(429);
    }
}
