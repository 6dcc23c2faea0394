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

import java.time.Duration;
import java.util.List;
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

    /**
     * The reads, against the same six callers (the shared matrix lists writes only): nobody, an expired token, a
     * forged one and a signed-in person without a Tocsin role get 401, 401, 401, 403; a mayor (wrong role) 403; the
     * registry is national (ministry only), the delivery status territorial: a prefecture elsewhere gets 200 with
     * nothing of another territory (SocialDeliveryTest proves what it does see).
     */
    @Test
    void everyReadAnswersEachCallerAsItShould() {
        String deliveries = "/api/v1/deliveries?incident=" + UUID.randomUUID();
        fr.tocsin.localstack.JwtKeys forger = fr.tocsin.localstack.JwtKeys.generate();
        for (String read : List.of(ACCOUNTS, deliveries)) {
            Who allowed = read.equals(ACCOUNTS) ? Who.ministry() : PREFECTURE;
            as(null).get(read).then().statusCode(401).contentType("application/problem+json");
            as(fr.tocsin.testsupport.TestStack.get().keys().token(allowed.subject(), allowed.subject(), allowed.role(),
                    allowed.territories(), allowed.authority(), Duration.ofHours(-2))).get(read).then().statusCode(401);
            as(forger.token(allowed.subject(), allowed.subject(), allowed.role(), allowed.territories(), allowed.authority(),
                    Duration.ofHours(1))).get(read).then().statusCode(401);
            as(Who.citizen("59").token()).get(read).then().statusCode(403).contentType("application/problem+json");
            as(Who.mayor("59350").token()).get(read).then().statusCode(403).contentType("application/problem+json");
            as(allowed.token()).get(read).then().statusCode(200);
        }
        as(PREFECTURE.token()).get(ACCOUNTS).then().statusCode(403).contentType("application/problem+json");
        as(Who.prefecture("62").token()).get(deliveries).then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
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
