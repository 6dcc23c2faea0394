package fr.tocsin.fallback.csv;

import fr.tocsin.localstack.DemoData;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class CsvImportTest {

    private static final String HEADER = "territory,service,priority,number,label,notes,authority,verified_on\n";

    // Incidents left in force by another class would make the imported numbers live: start from none.
    @BeforeEach
    void empty() {
        TestDatabase.execute("fallback", "truncate fallback_number, live_numbers, live_numbers_history, incident_state");
    }

    @Test
    void badRowsAreReportedByLineAndNothingIsImported() {
        String csv = HEADER
                + "department:59,15,1,03 53 01 00 59,SAMU du Nord,,,2026-11-01\n"      // line 2: fine
                + "department:59,17,1,08 99 23 45 67,Police,,,2026-11-01\n"            // line 3: premium rate
                + "department:62,15,1,03 53 01 00 62,SAMU,,,2026-11-01\n"              // line 4: fine
                + "department:00,15,1,03 53 01 00 00,Nulle part,,,2026-11-01\n"        // line 5: unknown territory
                + "department:62,18,x,03 53 01 00 18,Pompiers,,,hier\n"                 // line 6: priority
                + "department:62,18,1,03 53 01 00 18,,,,\n";                           // line 7: no label
        importCsv(Tokens.ministry(), csv).statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.field", equalTo(List.of("line 3", "line 5", "line 6", "line 7")))
                .body("errors[0].message", containsString("surtaxé"))
                .body("errors[1].message", containsString("department:00"));
        assertThat(TestDatabase.queryLong("fallback", "select count(*) from fallback_number")).isZero();
    }

    @Test
    void allDepartmentsLoadAtOnceAndAReimportUpdatesInPlace() {
        importCsv(Tokens.ministry(), DemoData.standbyNumbersCsv()).statusCode(200)
                .body("rows", equalTo(404)).body("created", equalTo(404)).body("updated", equalTo(0));
        importCsv(Tokens.ministry(), DemoData.standbyNumbersCsv()).statusCode(200)
                .body("created", equalTo(0)).body("updated", equalTo(404));
        assertThat(TestDatabase.queryLong("fallback", "select count(distinct territory) from fallback_number")).isEqualTo(101);
        // Standby numbers are registered, not public.
        given().get("/api/v1/live-numbers").then().statusCode(200).body("size()", equalTo(0));

        String export = given().header("Authorization", Tokens.bearer(Tokens.prefecture("59")))
                .get("/api/v1/fallback-numbers/export").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        assertThat(export.lines().toList()).hasSize(5).first().isEqualTo(HEADER.strip());
        assertThat(export).contains("department:59,15,1,").doesNotContain("department:62");
    }

    @Test
    void aPrefectureImportsOnlyForItsDepartment() {
        importCsv(Tokens.prefecture("59"), HEADER + "department:59,15,1,03 53 01 00 59,SAMU,,,\n"
                + "department:62,15,1,03 53 01 00 62,SAMU,,,\n").statusCode(400)
                .body("errors.field", equalTo(List.of("line 3")))
                .body("errors[0].message", containsString("compétence"));
        importCsv(Tokens.ministry(), "numero;libelle\n1;2\n").statusCode(400).body("errors[0].field", equalTo("line 1"));
    }

    private static ValidatableResponse importCsv(String token, String csv) {
        return given().header("Authorization", Tokens.bearer(token)).contentType("text/csv").body(csv)
                .post("/api/v1/fallback-numbers/import").then();
    }
}
