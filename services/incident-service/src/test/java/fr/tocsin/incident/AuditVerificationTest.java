package fr.tocsin.incident;

import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static fr.tocsin.incident.IncidentApi.as;
import static fr.tocsin.incident.IncidentApi.declareId;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static fr.tocsin.incident.IncidentApi.etag;
import static fr.tocsin.incident.IncidentApi.post;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

/** The audit trail as stored: a row changed behind the service's back is found, at the row that changed. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class AuditVerificationTest {

    private static final String VERIFY = "/api/v1/audit/verification";

    @Test
    void aRowAlteredInTheDatabaseIsReportedAsTheFirstBrokenLink() {
        String prefect = Tokens.prefecture("80");
        String id = declareId(prefect, declarationIn("Audit chaîné", "80"));
        post(prefect, id, "updates", etag(prefect, id), "{\"message\": {\"fr\": \"Point de situation\"}}").statusCode(200);
        as(Tokens.ministry()).get(VERIFY).then().statusCode(200)
                .body("intact", equalTo(true)).body("checked", greaterThanOrEqualTo(2)).body("firstBrokenLink", nullValue());

        long tampered = TestDatabase.queryLong("incident",
                "select max(id) from audit_record where incident_id = cast(? as uuid) and action <> 'declare'", id);
        try {
            // Someone with write access to the table rewrites who did it.
            TestDatabase.execute("incident", "update audit_record set actor = 'someone-else' where id = " + tampered);
            as(Tokens.ministry()).get(VERIFY).then().statusCode(200)
                    .body("intact", equalTo(false))
                    .body("firstBrokenLink.recordId", equalTo((int) tampered))
                    .body("firstBrokenLink.reason", equalTo("content changed after it was written"));
        } finally {
            // Put it back: the chain verifies again, so the link really was that one field.
            TestDatabase.execute("incident", "update audit_record set actor = 'prefet-80' where id = " + tampered);
        }
        as(Tokens.ministry()).get(VERIFY).then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void onlyTheMinistryVerifies() {
        as(Tokens.prefecture("80")).get(VERIFY).then().statusCode(403);
        io.restassured.RestAssured.given().get(VERIFY).then().statusCode(401);
    }
}
