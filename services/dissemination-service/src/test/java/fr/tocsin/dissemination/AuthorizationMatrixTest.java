package fr.tocsin.dissemination;

import fr.tocsin.testsupport.AuthorizationMatrix;
import fr.tocsin.testsupport.AuthorizationMatrix.Rule;
import fr.tocsin.testsupport.AuthorizationMatrix.Who;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of dissemination-service's API against every kind of caller (see AuthorizationMatrix): the
 * notices are the public pull API; the audit trail is its one authority endpoint (accounts and deliveries moved to
 * broadcast-service, #18). The CAP signing keys, outside {@code /api/}, are checked on their own.
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

    /**
     * The CAP signing keys are public, outside the authority API the matrix walks: whoever asks, with no token, a
     * citizen's, an expired or a forged one, gets the same public keys (a consumer's stale header must not keep it
     * from verifying alerts), and the OpenAPI document says so ({@code security: []}).
     */
    @Test
    void theCapSigningKeysAnswerEveryCallerAlike() {
        java.util.Map<String, Object> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Who citizen = Who.citizen("59");
        JwtKeys forger = JwtKeys.generate();
        java.util.List<String> callers = java.util.Arrays.asList(null, citizen.token(), PREFECTURE.token(),
                TestStack.get().keys().token("citoyen-59", "citoyen-59", "citizen", java.util.List.of("department:59"),
                        "Citoyen", java.time.Duration.ofHours(-2)),
                forger.token("prefet-59", "prefet-59", "prefecture", java.util.List.of("department:59"), "Préfecture 59",
                        java.time.Duration.ofHours(1)));
        for (String path : java.util.List.of("/cap/signing-key.pem", "/cap/signing-keys.pem", "/cap/signing-keys.jwks")) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, java.util.Map<String, Object>> operation =
                    (java.util.Map<String, java.util.Map<String, Object>>) paths.get(path);
            assertThat(operation).as(path + " in the OpenAPI document").isNotNull();
            assertThat(operation.get("get").get("security")).as(path + " security").isEqualTo(java.util.List.of());
            String anonymous = as(null).get(path).then().statusCode(200).extract().asString();
            assertThat(anonymous).doesNotContain("PRIVATE");
            for (String token : callers) {
                assertThat(as(token).get(path).then().statusCode(200).extract().asString())
                        .as(path + " with " + (token == null ? "no token" : "a token")).isEqualTo(anonymous);
            }
        }
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
