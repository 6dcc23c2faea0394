package fr.tocsin.broadcast;

import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Account changes and redrives leave chained audit records, read within the reader's territories, and no
 * credential ever lands in one.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
class AuditTrailTest {

    private static final String ACCOUNTS = "/api/v1/social-accounts";
    private static final String AUDIT = "/api/v1/audit";
    /** The webhook's secret, as configured for credentials "test-webhook" (application.properties, %test). */
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void anAccountsLifeIsAuditedWithoutItsCredentials() {
        // A partner's webhook URL carries its own token in the path and the query.
        String id = as(Tokens.ministry()).contentType(ContentType.JSON).body(Map.of("network", "WEBHOOK",
                        "territory", "department:80", "name", "Partenaire Somme " + UUID.randomUUID(),
                        "baseUrl", "https://hooks.tocsin.invalid/services/T0K3N-IN-PATH?key=K3Y-IN-QUERY",
                        "credentials", "test-webhook", "testOnly", true))
                .post(ACCOUNTS).then().statusCode(201).extract().path("id");

        // A failed delivery of that account, redriven by the ministry.
        String subject = UUID.randomUUID().toString();
        TestDatabase.execute("broadcast", "insert into delivery (id, account_id, subject, version, kind, status, payload, attempts) "
                + "values ('" + UUID.randomUUID() + "', '" + id + "', '" + subject + "', 1, 'DECLARED', 'FAILED', '[]', 4)");
        as(Tokens.ministry()).queryParam("incident", subject).post("/api/v1/deliveries/redrive").then().statusCode(200)
                .body("redriven", equalTo(1));
        as(Tokens.ministry()).delete(ACCOUNTS + "/" + id).then().statusCode(204);

        // Nothing secret, read back or stored: not the URL's token, not the credentials (their name or value).
        String trail = as(Tokens.ministry()).queryParam("target", id).get(AUDIT).then().statusCode(200).extract().asString();
        assertThat(trail).doesNotContain("T0K3N-IN-PATH", "K3Y-IN-QUERY", "test-webhook", WEBHOOK_SECRET, "credentials");
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from audit_record where target_id = ? and "
                + "concat(before::text, after::text) similar to '%(T0K3N|K3Y-IN|test-webhook|whsec_)%'", id)).as("stored").isZero();

        as(Tokens.ministry()).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records.action", contains("ACCOUNT_DISABLE", "ACCOUNT_CREATE"))
                .body("records.actor", contains("ministere-interieur", "ministere-interieur"))
                .body("records[0].territories", contains("department:80"))
                .body("records[0].before.enabled", equalTo(true))
                .body("records[0].after.enabled", equalTo(false))
                .body("records[1].before", nullValue())
                .body("records[1].after.network", equalTo("WEBHOOK"))
                .body("records[1].after.origin", equalTo("https://hooks.tocsin.invalid"))
                .body("records[1].hash", matchesPattern("[0-9a-f]{64}"));

        as(Tokens.ministry()).queryParam("target", subject).get(AUDIT).then().statusCode(200)
                .body("records.action", contains("DELIVERY_REDRIVE"))
                .body("records[0].territories", contains("department:80"))
                .body("records[0].after.redriven", equalTo(1));

        // The Somme's prefecture reads its account's records; another prefecture and operators do not.
        as(Tokens.prefecture("80")).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records.size()", equalTo(2));
        as(Tokens.prefecture("80")).queryParam("target", subject).get(AUDIT).then().statusCode(200)
                .body("records.size()", equalTo(1));
        as(Tokens.prefecture("59")).queryParam("target", id).get(AUDIT).then().statusCode(200).body("records", empty());
        as(Tokens.operator("enedis", "department:80")).get(AUDIT).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        given().get(AUDIT).then().statusCode(401);
        as(Tokens.ministry()).get(AUDIT + "/verification").then().statusCode(200).body("intact", equalTo(true));
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", Tokens.bearer(token));
    }
}
