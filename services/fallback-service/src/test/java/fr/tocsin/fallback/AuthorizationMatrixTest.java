package fr.tocsin.fallback;

import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.testsupport.AuthorizationMatrix;
import fr.tocsin.testsupport.AuthorizationMatrix.Rule;
import fr.tocsin.testsupport.AuthorizationMatrix.Who;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the fallback-number API against every kind of caller: the writes through AuthorizationMatrix,
 * the reads (list, one number, CSV export) here, each GET of the OpenAPI document needing a rule.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class AuthorizationMatrixTest {

    private static final String NUMBERS = "/api/v1/fallback-numbers";
    private static final Who NORD = Who.prefecture("59");
    private static final Who PAS_DE_CALAIS = Who.prefecture("62");
    // Operators declare outages; they never manage the directory of fallback numbers.
    private static final Who OPERATOR = Who.operator("Réseau Nord", "department:59");

    @Test
    void everyWriteOperationAnswersEachCallerAsItShould() {
        new AuthorizationMatrix()
                .rule("POST " + NUMBERS, new Rule(token -> as(token).contentType(ContentType.JSON)
                        .body(number()).post(NUMBERS), NORD, OPERATOR, PAS_DE_CALAIS))
                // Out-of-territory rows are refused line by line (400 naming each line), never imported.
                .rule("POST " + NUMBERS + "/import", new Rule(token -> as(token).contentType("text/csv")
                        .body("territory,service,priority,number,label,notes,authority,verified_on\n"
                                + "department:59,15,1," + fictional() + ",SAMU du Nord,,,2026-11-01\n")
                        .post(NUMBERS + "/import"), NORD, OPERATOR, PAS_DE_CALAIS, 400))
                .rule("PUT " + NUMBERS + "/{id}", onNordNumber((token, id) -> as(token).contentType(ContentType.JSON)
                        .body(number()).put(NUMBERS + "/" + id)))
                .rule("DELETE " + NUMBERS + "/{id}", onNordNumber((token, id) -> as(token).delete(NUMBERS + "/" + id)))
                .rule("POST " + NUMBERS + "/{id}/publish", onNordNumber((token, id) -> as(token)
                        .post(NUMBERS + "/" + id + "/publish")))
                .rule("POST " + NUMBERS + "/{id}/withdraw", onNordNumber((token, id) -> as(token)
                        .post(NUMBERS + "/" + id + "/withdraw")))
                .run();
    }

    /**
     * Reads: nobody, expired, forged → 401; an operator of the territory and a signed-in person without a Tocsin
     * role → 403 (operators never read the directory, #14 finding 5); another prefecture → 403 for one number, and
     * lists and exports without Nord's number; Nord's prefecture, a ministry → Nord's number.
     */
    @Test
    void everyReadAnswersEachCallerAsItShould() {
        String number = fictional();
        Map<String, Object> body = new java.util.HashMap<>(number());
        body.put("number", number);
        String id = as(NORD.token()).contentType(ContentType.JSON).body(body).post(NUMBERS)
                .then().statusCode(201).extract().path("id");
        String national = as(NORD.token()).get(NUMBERS + "/" + id).then().statusCode(200).extract().path("national");
        Map<String, Function<String, Response>> reads = new java.util.TreeMap<>(Map.of(
                "GET " + NUMBERS, token -> as(token).get(NUMBERS),
                "GET " + NUMBERS + "/export", token -> as(token).get(NUMBERS + "/export"),
                "GET " + NUMBERS + "/{id}", token -> as(token).get(NUMBERS + "/" + id)));
        assertThat(reads.keySet()).as("a rule for every GET of the directory")
                .containsExactlyInAnyOrderElementsOf(directoryReads());

        Who citizen = Who.citizen("59");
        Who forged = new Who(NORD.subject(), NORD.role(), NORD.authority(), NORD.territories());
        List<String> table = new ArrayList<>();
        reads.forEach((operation, read) -> {
            StringBuilder line = new StringBuilder(operation);
            refused(line, "no token", read.apply(null), 401);
            refused(line, "expired", read.apply(token(NORD, Duration.ofHours(-2), TestStack.get().keys())), 401);
            refused(line, "bad signature", read.apply(token(forged, Duration.ofHours(1), FORGER)), 401);
            refused(line, "operator", read.apply(OPERATOR.token()), 403);
            refused(line, "no role", read.apply(citizen.token()), 403);
            Response elsewhere = read.apply(PAS_DE_CALAIS.token());
            if (operation.endsWith("{id}")) {
                refused(line, "wrong territory", elsewhere, 403);
            } else {
                line.append(" | wrong territory ").append(elsewhere.statusCode()).append(" without it");
                assertThat(elsewhere.statusCode()).as(operation + " wrong territory").isEqualTo(200);
                assertThat(elsewhere.asString()).as(operation + " wrong territory").doesNotContain(id).doesNotContain(national);
            }
            for (Who allowed : List.of(NORD, Who.ministry())) {
                Response response = read.apply(allowed.token());
                line.append(" | ").append(allowed.role()).append(' ').append(response.statusCode());
                assertThat(response.statusCode()).as(operation + " " + allowed.role()).isEqualTo(200);
                assertThat(response.asString()).as(operation + " " + allowed.role()).contains(national);
            }
            table.add(line.toString());
        });
        table.forEach(System.out::println);
    }

    private static final JwtKeys FORGER = JwtKeys.generate();

    private static String token(Who who, Duration lifetime, JwtKeys keys) {
        return keys.token(who.subject(), who.subject(), who.role(), who.territories(), who.authority(), lifetime);
    }

    private static void refused(StringBuilder line, String against, Response response, int expected) {
        line.append(" | ").append(against).append(' ').append(response.statusCode());
        String body = response.asString();
        assertThat(response.statusCode()).as(line + ": " + body.substring(0, Math.min(300, body.length())))
                .isEqualTo(expected);
        assertThat(response.contentType()).as(line.toString()).startsWith("application/problem+json");
    }

    /** The GET operations of the directory in the running service's OpenAPI document. */
    private static Set<String> directoryReads() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> reads = new TreeSet<>();
        paths.forEach((path, methods) -> {
            if (path.startsWith(NUMBERS) && methods.containsKey("get")) {
                reads.add("GET " + path);
            }
        });
        return reads;
    }

    /** An operation on a fresh standby number of Nord, registered by Nord's prefecture. */
    private static Rule onNordNumber(BiFunction<String, String, Response> operation) {
        return new Rule(token -> {
            String id = as(NORD.token()).contentType(ContentType.JSON).body(number()).post(NUMBERS)
                    .then().statusCode(201).extract().path("id");
            return operation.apply(token, id);
        }, NORD, OPERATOR, PAS_DE_CALAIS);
    }

    private static Map<String, String> number() {
        return Map.of("territory", "department:59", "service", "15", "number", fictional(), "label", "SAMU du Nord");
    }

    /** ARCEP's block for fiction, 03 53 01 xx xx. */
    private static String fictional() {
        return "03 53 01 %02d %02d".formatted(ThreadLocalRandom.current().nextInt(100), ThreadLocalRandom.current().nextInt(100));
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().header("Authorization", "Bearer " + token);
    }
}
