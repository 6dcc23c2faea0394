package fr.tocsin.dissemination;

import fr.tocsin.testsupport.AuthorizationMatrix;
import fr.tocsin.testsupport.AuthorizationMatrix.Rule;
import fr.tocsin.testsupport.AuthorizationMatrix.Who;
import fr.tocsin.testsupport.TestDatabase;
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
 * Every operation of dissemination-service's authority API, reads and writes, against every kind of caller (see
 * AuthorizationMatrix). The registry and redrives are national (the ministry only); the delivery status is
 * territorial; the notices are the public pull API.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class AuthorizationMatrixTest {

    private static final String ACCOUNTS = "/api/v1/social-accounts";
    private static final Who PREFECTURE = Who.prefecture("59");

    @Test
    void everyOperationAnswersEachCallerAsItShould() {
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
                .rule("GET " + ACCOUNTS, new Rule(token -> as(token).get(ACCOUNTS), Who.ministry(), PREFECTURE, null))
                // A delivery to an account of Nord: Nord's prefecture sees it, Pas-de-Calais' gets a list without it.
                .rule("GET /api/v1/deliveries", Rule.list(token -> as(token).queryParam("incident", nordDelivery())
                                .get("/api/v1/deliveries"), PREFECTURE, Who.mayor("59350"), Who.prefecture("62"),
                        response -> response.jsonPath().getList("$").isEmpty()))
                .open("GET /api/v1/notices", () -> given().get("/api/v1/notices?territory=59").statusCode())
                .open("GET /api/v1/notices/stream", AuthorizationMatrixTest::streamStatus)
                .run();
    }

    /** A failed delivery (never retried) to a disabled account of Nord, for the subject it returns. */
    private static String nordDelivery() {
        UUID account = UUID.randomUUID();
        String subject = UUID.randomUUID().toString();
        TestDatabase.execute("dissemination", """
                insert into social_account (id, network, territory, name, base_url, credentials, enabled)
                values ('%s', 'WEBHOOK', 'department:59', 'Matrice %s', 'https://partenaire.invalid/%s', 'matrix-read', false);
                insert into delivery (id, account_id, subject, version, kind, status, payload)
                values ('%s', '%s', '%s', 1, 'DECLARED', 'FAILED', '[]'::jsonb)""".formatted(
                account, account, account, UUID.randomUUID(), account, subject));
        return subject;
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

    /** A test account for Mayotte, where no other test declares anything: it never receives a post. */
    private static Map<String, String> account() {
        return Map.of("network", "MASTODON", "territory", "department:976", "name", "Matrice " + UUID.randomUUID(),
                "credentials", "matrix-test");
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().header("Authorization", "Bearer " + token);
    }
}
