package fr.tocsin.dissemination;

import fr.tocsin.testsupport.AuthorizationMatrix;
import fr.tocsin.testsupport.AuthorizationMatrix.Rule;
import fr.tocsin.testsupport.AuthorizationMatrix.Who;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Every write operation of dissemination-service against every kind of caller (see AuthorizationMatrix). They
 * are national (social accounts, redrives): the ministry only, so there is no "wrong territory" case.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class AuthorizationMatrixTest {

    private static final String ACCOUNTS = "/api/v1/social-accounts";
    private static final Who PREFECTURE = Who.prefecture("59");

    @Test
    void everyWriteOperationAnswersEachCallerAsItShould() {
        new AuthorizationMatrix()
                .rule("POST " + ACCOUNTS, new Rule(token -> as(token).contentType(ContentType.JSON).body(account())
                        .post(ACCOUNTS), Who.ministry(), PREFECTURE, null))
                .rule("DELETE " + ACCOUNTS + "/{id}", new Rule(token -> {
                    String id = as(Who.ministry().token()).contentType(ContentType.JSON).body(account()).post(ACCOUNTS)
                            .then().statusCode(201).extract().path("id");
                    return as(token).delete(ACCOUNTS + "/" + id);
                }, Who.ministry(), PREFECTURE, null))
                .rule("POST /api/v1/deliveries/redrive", new Rule(token -> as(token)
                        .queryParam("incident", UUID.randomUUID().toString()).post("/api/v1/deliveries/redrive"),
                        Who.ministry(), PREFECTURE, null))
                .run();
    }

    /** A test account for Mayotte, where no other test declares anything: it never receives a post. */
    private static Map<String, String> account() {
        return Map.of("network", "MASTODON", "territory", "department:976", "name", "Matrice " + UUID.randomUUID(),
                "credentials", "matrix-test");
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().header("Authorization", "Bearer " + token);
    }
}
