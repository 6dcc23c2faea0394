package fr.tocsin.broadcast;

import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

/** Only tokens issued for this API are accepted (#14 finding 9): same issuer and key, another audience → 401. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
class AudienceTest {

    private static final String API = "/api/v1/social-accounts";

    @Test
    void aTokenForAnotherClientOrTheOtherApisIsRefused() {
        for (String token : new String[]{Tokens.ministryFor("account"), Tokens.ministryFor(),
                Tokens.ministryFor(JwtKeys.INCIDENT_API, JwtKeys.FALLBACK_API, JwtKeys.DISSEMINATION_API)}) {
            given().header("Authorization", Tokens.bearer(token)).get(API)
                    .then().statusCode(401).contentType(startsWith("application/problem+json"));
        }
    }

    @Test
    void aTokenForThisApiIsAccepted() {
        given().header("Authorization", Tokens.bearer(Tokens.ministryFor(JwtKeys.BROADCAST_API))).get(API)
                .then().statusCode(200);
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).get(API).then().statusCode(200);
    }
}
