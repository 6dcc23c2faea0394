package fr.tocsin.fallback.directory;

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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Every write to the directory leaves a chained audit record, read within the reader's territories. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class AuditTrailTest {

    private static final String NUMBERS = "/api/v1/fallback-numbers";
    private static final String AUDIT = "/api/v1/audit";

    @Test
    void eachChangeToANumberIsAChainedRecordItsOwnAuthoritiesRead() {
        String id = as(Tokens.prefecture("80")).contentType(ContentType.JSON)
                .body(Map.of("territory", "department:80", "service", "15", "number", "03 53 01 80 15", "label", "SAMU"))
                .post(NUMBERS).then().statusCode(201).extract().path("id");
        as(Tokens.prefecture("80")).contentType(ContentType.JSON)
                .body(Map.of("territory", "department:80", "service", "15", "number", "03 53 01 80 15", "label", "SAMU 80"))
                .put(NUMBERS + "/" + id).then().statusCode(200);
        as(Tokens.prefecture("80")).post(NUMBERS + "/" + id + "/publish").then().statusCode(200);
        as(Tokens.prefecture("80")).delete(NUMBERS + "/" + id).then().statusCode(204);

        as(Tokens.ministry()).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records.action", contains("NUMBER_DELETE", "NUMBER_PUBLISH", "NUMBER_UPDATE", "NUMBER_CREATE"))
                .body("records.actor", contains("prefet-80", "prefet-80", "prefet-80", "prefet-80"))
                .body("records[0].territories", contains("department:80"))
                .body("records[0].after", nullValue())
                .body("records[2].before.label", equalTo("SAMU"))
                .body("records[2].after.label", equalTo("SAMU 80"))
                .body("records[3].hash", matchesPattern("[0-9a-f]{64}"));
        as(Tokens.prefecture("80")).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records.size()", equalTo(4));
        as(Tokens.prefecture("59")).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records", empty());
        as(Tokens.mayor("80021")).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records", empty());
        as(Tokens.operator("enedis", "department:80")).get(AUDIT).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        given().get(AUDIT).then().statusCode(401);
        as(Tokens.ministry()).get(AUDIT + "/verification").then().statusCode(200)
                .body("intact", equalTo(true)).body("chainStart", equalTo(1));
        as(Tokens.prefecture("80")).get(AUDIT + "/verification").then().statusCode(403);
    }

    @Test
    void aMayorReadsItsCommunesRecordsAndItsPrefectureToo() {
        String id = as(Tokens.mayor("80021")).contentType(ContentType.JSON)
                .body(Map.of("territory", "commune:80021", "service", "mairie", "number", "03 53 01 80 21", "label", "Mairie"))
                .post(NUMBERS).then().statusCode(201).extract().path("id");
        as(Tokens.mayor("80021")).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records.action", contains("NUMBER_CREATE"))
                .body("records[0].territories", contains("commune:80021"));
        as(Tokens.prefecture("80")).queryParam("target", id).get(AUDIT).then().statusCode(200)
                .body("records.action", contains("NUMBER_CREATE"));
        as(Tokens.mayor("80001")).queryParam("target", id).get(AUDIT).then().statusCode(200).body("records", empty());
        as(Tokens.ministry()).queryParam("target", id).queryParam("since", "2999-01-01T00:00:00Z").get(AUDIT).then()
                .statusCode(200).body("records", empty());
        as(Tokens.ministry()).queryParam("target", id).queryParam("since", "2020-01-01T00:00:00Z").get(AUDIT).then()
                .statusCode(200).body("records.action", contains("NUMBER_CREATE"));
        as(Tokens.ministry()).queryParam("size", 500).get(AUDIT).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("size"));
    }

    @Test
    void anImportLeavesOneRecordPerNumberItChangesAndNoneForUnchangedRows() {
        String csv = "territory,service,priority,number,label,notes,authority,verified_on\n"
                + "department:81,15,1,05 36 49 00 81,SAMU du Tarn,,,2026-11-01\n"
                + "department:82,15,1,05 36 49 00 82,SAMU de Tarn-et-Garonne,,,2026-11-01\n";
        importCsv(csv);
        String tarn = idOf("department:81", "+33536490081");
        String tarnEtGaronne = idOf("department:82", "+33536490082");
        long records = TestDatabase.queryLong("fallback", "select count(*) from audit_record");
        importCsv(csv);
        assertThat(TestDatabase.queryLong("fallback", "select count(*) from audit_record")).as("unchanged rows").isEqualTo(records);
        importCsv(csv.replace("SAMU du Tarn", "SAMU 81"));
        as(Tokens.prefecture("81")).queryParam("target", tarn).get(AUDIT).then().statusCode(200)
                .body("records.action", contains("NUMBER_IMPORT_UPDATE", "NUMBER_IMPORT_CREATE"))
                .body("records[0].actor", equalTo("ministere-interieur"))
                .body("records[0].before.label", equalTo("SAMU du Tarn"))
                .body("records[0].after.label", equalTo("SAMU 81"));
        as(Tokens.prefecture("82")).queryParam("target", tarnEtGaronne).get(AUDIT).then().statusCode(200)
                .body("records.action", contains("NUMBER_IMPORT_CREATE"));
        as(Tokens.prefecture("82")).queryParam("target", tarn).get(AUDIT).then().statusCode(200).body("records", empty());
        // An import's records chain one to the next within its transaction.
        as(Tokens.ministry()).get(AUDIT + "/verification").then().statusCode(200).body("intact", equalTo(true));
    }

    private static String idOf(String territory, String e164) {
        return as(Tokens.ministry()).queryParam("territory", territory).get(NUMBERS).then().statusCode(200)
                .extract().path("find { it.e164 == '" + e164 + "' }.id");
    }

    private static void importCsv(String csv) {
        as(Tokens.ministry()).contentType("text/csv").body(csv).post(NUMBERS + "/import").then().statusCode(200);
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", Tokens.bearer(token));
    }
}
