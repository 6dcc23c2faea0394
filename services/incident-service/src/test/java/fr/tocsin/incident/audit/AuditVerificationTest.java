package fr.tocsin.incident.audit;

import fr.tocsin.incident.IncidentApi;

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
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The audit trail as stored and as read: a row changed behind the service's back is found, at the row that
 * changed; hashes wiped are a break; the records are read through the API within the reader's territories.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class AuditVerificationTest {

    private static final String AUDIT = "/api/v1/audit";
    private static final String VERIFY = "/api/v1/audit/verification";

    @jakarta.inject.Inject
    fr.tocsin.kit.audit.AuditChainMonitor monitor;

    @Test
    void aRowAlteredInTheDatabaseIsReportedAsTheFirstBrokenLink() {
        String prefect = Tokens.prefecture("80");
        String id = declareId(prefect, declarationIn("Audit chaîné", "80"));
        post(prefect, id, "updates", etag(prefect, id), "{\"message\": {\"fr\": \"Point de situation\"}}").statusCode(200);
        as(Tokens.ministry()).get(VERIFY).then().statusCode(200)
                .body("intact", equalTo(true)).body("checked", greaterThanOrEqualTo(2)).body("firstBrokenLink", nullValue());

        // Actions are stored upper case: the update, not the declaration.
        long tampered = TestDatabase.queryLong("incident",
                "select max(id) from audit_record where target_id = ? and action <> 'DECLARE'", id);
        long declared = TestDatabase.queryLong("incident",
                "select min(id) from audit_record where target_id = ? and action = 'DECLARE'", id);
        // A filter that matched nothing would read 0 (SQL null) and still pass the comparison: count the matches too.
        org.assertj.core.api.Assertions.assertThat(TestDatabase.queryLong("incident",
                "select count(*) from audit_record where target_id = ? and action = 'DECLARE'", id))
                .as("the declaration's record, matched by its stored action").isOne();
        org.assertj.core.api.Assertions.assertThat(TestDatabase.queryLong("incident",
                "select count(*) from audit_record where target_id = ? and action <> 'DECLARE'", id))
                .as("the update's record alone besides it").isOne();
        org.assertj.core.api.Assertions.assertThat(tampered).as("the update's record, after the declaration's").isGreaterThan(declared);
        // The scheduled verification's run (off in tests: run here) says so in the metrics.
        monitor.verify();
        assertThat(metric("tocsin_audit_chain_valid")).isEqualTo(1);
        double verifiedAt = metric("tocsin_audit_chain_verified_timestamp_seconds");
        assertThat(verifiedAt).as("epoch seconds, just now").isCloseTo(System.currentTimeMillis() / 1000.0,
                org.assertj.core.data.Offset.offset(60.0));
        try {
            // Someone with write access to the table rewrites who did it.
            TestDatabase.execute("incident", "update audit_record set actor = 'someone-else' where id = " + tampered);
            as(Tokens.ministry()).get(VERIFY).then().statusCode(200)
                    .body("intact", equalTo(false))
                    .body("firstBrokenLink.recordId", equalTo((int) tampered))
                    .body("firstBrokenLink.reason", equalTo("content changed after it was written"));
            monitor.verify();
            assertThat(metric("tocsin_audit_chain_valid")).as("broken: the alert's 0").isZero();
            assertThat(metric("tocsin_audit_chain_verified_timestamp_seconds")).isGreaterThanOrEqualTo(verifiedAt);
        } finally {
            // Put it back: the chain verifies again, so the link really was that one field.
            TestDatabase.execute("incident", "update audit_record set actor = 'prefet-80' where id = " + tampered);
        }
        as(Tokens.ministry()).get(VERIFY).then().statusCode(200).body("intact", equalTo(true));
        monitor.verify();
        assertThat(metric("tocsin_audit_chain_valid")).isEqualTo(1);
    }

    private static double metric(String name) {
        fr.tocsin.testsupport.Metrics metrics = fr.tocsin.testsupport.Metrics.of(
                io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
        assertThat(metrics.has(name)).as(name).isTrue();
        return metrics.sum(name);
    }

    @Test
    void aChainWhoseHashesWereAllSetToNullIsBroken() {
        declareId(Tokens.prefecture("80"), declarationIn("Chaîne effacée", "80"));
        long start = TestDatabase.queryLong("incident", "select first_record_id from audit_chain_start");
        long first = TestDatabase.queryLong("incident", "select min(id) from audit_record where id >= " + start);
        TestDatabase.execute("incident", "create table audit_hash_backup as select id, hash, previous_hash from audit_record");
        try {
            // Every record made to look "older than the chain".
            TestDatabase.execute("incident", "update audit_record set hash = null, previous_hash = null");
            as(Tokens.ministry()).get(VERIFY).then().statusCode(200)
                    .body("intact", equalTo(false))
                    .body("chainStart", equalTo((int) start))
                    .body("firstBrokenLink.recordId", equalTo((int) first))
                    .body("firstBrokenLink.reason", equalTo("hash missing"));
        } finally {
            TestDatabase.execute("incident", "update audit_record r set hash = b.hash, previous_hash = b.previous_hash "
                    + "from audit_hash_backup b where b.id = r.id");
            TestDatabase.execute("incident", "drop table audit_hash_backup");
        }
        as(Tokens.ministry()).get(VERIFY).then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void aDeclarationIsAChainedRecordReadByTheMinistryAndItsPrefectureOnly() {
        String id = declareId(Tokens.prefecture("80"), declarationIn("Audit lisible", "80"));
        as(Tokens.ministry()).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records.action", contains("DECLARE"))
                .body("records[0].actor", equalTo("prefet-80"))
                .body("records[0].role", equalTo("prefecture"))
                .body("records[0].territories", contains("department:80"))
                .body("records[0].after.title.fr", equalTo("Audit lisible"))
                .body("records[0].hash", matchesPattern("[0-9a-f]{64}"));
        as(Tokens.prefecture("80")).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records.targetId", hasItem(id));
        as(Tokens.prefecture("59")).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records", empty());
        as(Tokens.operator("enedis", "department:80")).get(AUDIT).then().statusCode(403)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(403));
        io.restassured.RestAssured.given().get(AUDIT).then().statusCode(401);
        as(Tokens.ministry()).queryParam("since", "hier").get(AUDIT).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("since"));
        as(Tokens.ministry()).queryParam("page", "deux").get(AUDIT).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("page"));
        as(Tokens.ministry()).queryParam("size", 1).get(AUDIT).then().statusCode(200)
                .body("records.size()", equalTo(1)).body("records[0].id", notNullValue());
    }

    @Test
    void onlyTheMinistryVerifies() {
        as(Tokens.prefecture("80")).get(VERIFY).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        io.restassured.RestAssured.given().get(VERIFY).then().statusCode(401);
    }
}
