package fr.tocsin.fallback;

import fr.tocsin.testsupport.HostileRequests;
import fr.tocsin.testsupport.HostileRequests.Attack;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Hundreds of malformed or hostile registrations and CSV imports: problem+json each, no 5xx, nothing stored. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class HostileInputTest {

    private static final String HEADER = "territory,service,priority,number,label,notes,authority,verified_on\n";

    @TestHTTPResource("/api/v1/fallback-numbers")
    URL numbers;

    @Test
    void registrations() {
        long before = stored();
        String valid = "{\"territory\": \"department:59\", \"service\": \"15\", \"priority\": 1, \"number\": \"03 53 01 00 59\","
                + " \"label\": \"SAMU du Nord\", \"notes\": \"24 h/24\", \"verifiedOn\": \"2026-11-01\"}";
        Map<String, List<String>> invalid = Map.ofEntries(
                Map.entry("territory", List.of("\"department:00\"", "\"commune:99999\"", "\"region:32\"", "null",
                        "\"<script>alert(1)</script>\"", "\"59\\u0000\"", "[\"59\"]", "{}")),
                Map.entry("service", List.of("\"<img src=x onerror=alert(1)>\"", "\"\"", "null", "\"15\\u0007\"", "[]")),
                Map.entry("number", List.of("\"08 99 23 45 67\"", "\"15\"", "\"112\"", "\"+1 202 555 0100\"", "\"0353010059x\"",
                        "\"03 53 01 00 5\"", "\"<script>\"", "\"\"", "null", "\"03\\u000053010059\"", "\"" + "3".repeat(40) + "\"",
                        "\"3615 ULLA\"", "\"00 00 00 00 00\"")),
                Map.entry("label", HostileRequests.badText()),
                Map.entry("notes", HostileRequests.badText()),
                Map.entry("authority", HostileRequests.badText()),
                Map.entry("priority", List.of("0", "100", "-1", "\"un\"", "1.5e300", "[]", "99999999999999999999")),
                Map.entry("verifiedOn", List.of("\"hier\"", "\"2026-02-30\"", "\"31/12/2026\"", "{}", "[2026, 13, 1]")));
        String token = Tokens.prefecture("59");
        HostileRequests.fire(600, HostileRequests.json(valid, invalid),
                attack -> HostileRequests.post(numbers.toString(), Map.of("Authorization", "Bearer " + token), attack));
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void csvImports() {
        long before = stored();
        String row = "department:59,15,1,03 53 01 00 59,SAMU du Nord,,,2026-11-01\n";
        List<Attack> attacks = List.of(
                Attack.of("missing columns", "text/csv", "territory,number\n59,03 53 01 00 59\n"),
                Attack.of("empty", "text/csv", ""),
                Attack.of("header only", "text/csv", "\n"),
                Attack.of("binary", "text/csv", "\u0000\u0001\u0002\u00ff"),
                Attack.of("control character", "text/csv", HEADER + row.replace("SAMU", "SA\u0000MU")),
                Attack.of("escape sequence", "text/csv", HEADER + row.replace("SAMU", "SA\u001b[2JMU")),
                Attack.of("premium number", "text/csv", HEADER + row.replace("03 53 01 00 59", "08 99 23 45 67")),
                Attack.of("unknown territory", "text/csv", HEADER + row.replace("department:59", "department:00")),
                Attack.of("script territory", "text/csv", HEADER + row.replace("department:59", "<script>alert(1)</script>")),
                Attack.of("unbalanced quotes", "text/csv", HEADER + "\"department:59,15,1,03 53 01 00 59,SAMU\n"),
                Attack.of("too many rows", "text/csv", HEADER + row.repeat(20_001)),
                Attack.of("bad date", "text/csv", HEADER + row.replace("2026-11-01", "1er novembre")),
                Attack.of("bad priority", "text/csv", HEADER + row.replace(",1,", ",zéro,")),
                Attack.of("JSON instead", "text/csv", "{\"territory\": \"department:59\"}"),
                Attack.of("huge", "text/csv", HEADER + row.replace("SAMU du Nord", "A".repeat(3_000_000))));
        String token = Tokens.prefecture("59");
        HostileRequests.fire(150, HostileRequests.Generator.oneOf(attacks),
                attack -> HostileRequests.post(numbers + "/import", Map.of("Authorization", "Bearer " + token), attack));
        assertThat(stored()).isEqualTo(before);
    }

    private static long stored() {
        return TestDatabase.queryLong("fallback", "select count(*) from fallback_number");
    }
}
