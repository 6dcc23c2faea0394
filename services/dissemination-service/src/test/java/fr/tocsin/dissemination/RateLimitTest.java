package fr.tocsin.dissemination;

import fr.tocsin.testsupport.RateLimits;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** The authority endpoints are limited per client; the public API is not (citizens share carrier addresses). */
@QuarkusTest
@TestProfile(RateLimits.Tight.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class RateLimitTest {

    @Test
    void authorityEndpointsAreLimitedPerClientAndThePublicApiIsNot() {
        // The audit trail is its authority endpoint.
        RateLimits.auditTrailIsLimited(Tokens.prefecture("62"));
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).get("/api/v1/audit").then().statusCode(200);
        for (int i = 0; i < 20; i++) {
            given().get("/api/v1/notices?territory=59").then().statusCode(200);
        }
    }
}
