package fr.tocsin.dissemination;

import fr.tocsin.testsupport.AuthorizationMatrix;
import fr.tocsin.testsupport.AuthorizationMatrix.Rule;
import fr.tocsin.testsupport.AuthorizationMatrix.Who;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;

/**
 * Every operation of dissemination-service's API against every kind of caller (see AuthorizationMatrix): the
 * notices are the public pull API; the audit trail is its one authority endpoint (accounts and deliveries moved to
 * broadcast-service, #18).
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class AuthorizationMatrixTest {

    private static final Who PREFECTURE = Who.prefecture("59");

    @Test
    void everyOperationAnswersEachCallerAsItShould() {
        new AuthorizationMatrix()
                .open("GET /api/v1/notices", () -> given().get("/api/v1/notices?territory=59").statusCode())
                .open("GET /api/v1/notices/stream", AuthorizationMatrixTest::streamStatus)
                // The audit trail (records of the accounts this service kept before #18): prefectures read it, within
                // their territories (broadcast-service's AuthorizationMatrixTest proves the scoping); operators nothing.
                .rule("GET /api/v1/audit", new Rule(token -> as(token).queryParam("size", 200).get("/api/v1/audit"),
                        PREFECTURE, Who.operator("Réseau Nord", "department:59"), null))
                .rule("GET /api/v1/audit/verification", new Rule(token -> as(token).get("/api/v1/audit/verification"),
                        Who.ministry(), PREFECTURE, null))
                .run();
    }

    /** The status of the notice stream's response head (the stream itself never ends). */
    private static int streamStatus() {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<java.io.InputStream> head = http.sendAsync(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                                    + "/api/v1/notices/stream?territory=59")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream()).get(30, java.util.concurrent.TimeUnit.SECONDS);
            head.body().close();
            return head.statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().header("Authorization", "Bearer " + token);
    }
}
