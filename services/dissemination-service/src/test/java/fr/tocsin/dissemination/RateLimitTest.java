package fr.tocsin.dissemination;

import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** The authority endpoints are limited per client; the public API is not (citizens share carrier addresses). */
@QuarkusTest
@TestProfile(RateLimitTest.Tight.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class RateLimitTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.rate-limit.requests-per-minute", "6", "tocsin.rate-limit.burst", "3");
        }
    }

    @Test
    void authorityEndpointsAreLimitedPerClientAndThePublicApiIsNot() {
        // The audit trail is its authority endpoint.
        String auditor = Tokens.prefecture("62");
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", Tokens.bearer(auditor)).get("/api/v1/audit").then().statusCode(200);
        }
        given().header("Authorization", Tokens.bearer(auditor)).get("/api/v1/audit").then().statusCode(429)
                .contentType(startsWith("application/problem+json")).header("Retry-After", notNullValue());
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).get("/api/v1/audit").then().statusCode(200);
        for (int i = 0; i < 20; i++) {
            given().get("/api/v1/notices?territory=59").then().statusCode(200);
        }
    }
}
