package fr.tocsin.broadcast;

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
 * Every operation of broadcast-service's authority API, reads and writes, against every kind of caller (see
 * AuthorizationMatrix). The registry and redrives are national (the ministry only); the delivery status and the
 * audit trail are territorial. It has no public operation.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
class AuthorizationMatrixTest {

    private static final String ACCOUNTS = "/api/v1/social-accounts";
    private static final Who PREFECTURE = Who.prefecture("59");
    private static final String AUDITED = "Auditee " + UUID.randomUUID();

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
                // The audit trail: a prefecture reads its accounts' records, not another's; operators nothing.
                .rule("GET /api/v1/audit", Rule.list(token -> {
                    String id = as(Who.ministry().token()).contentType(ContentType.JSON).body(Map.of("network", "MASTODON",
                                    "territory", "department:59", "name", AUDITED, "credentials", "matrix-test", "testOnly", true))
                            .post(ACCOUNTS).then().statusCode(201).extract().path("id");
                    as(Who.ministry().token()).delete(ACCOUNTS + "/" + id).then().statusCode(204);
                    return as(token).queryParam("size", 200).get("/api/v1/audit");
                }, PREFECTURE, Who.operator("Réseau Nord", "department:59"), Who.prefecture("62"),
                        response -> !response.asString().contains(AUDITED)))
                .rule("GET /api/v1/audit/verification", new Rule(token -> as(token).get("/api/v1/audit/verification"),
                        Who.ministry(), PREFECTURE, null))
                .run();
    }

    /** A failed delivery (never retried) to a disabled account of Nord, for the subject it returns. */
    private static String nordDelivery() {
        UUID account = UUID.randomUUID();
        String subject = UUID.randomUUID().toString();
        TestDatabase.execute("broadcast", """
                insert into social_account (id, network, territory, name, base_url, credentials, enabled)
                values ('%s', 'WEBHOOK', 'department:59', 'Matrice %s', 'https://partenaire.invalid/%s', 'matrix-read', false);
                insert into delivery (id, account_id, subject, version, kind, status, payload)
                values ('%s', '%s', '%s', 1, 'DECLARED', 'FAILED', '[]'::jsonb)""".formatted(
                account, account, account, UUID.randomUUID(), account, subject));
        return subject;
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
