package fr.tocsin.fallback;

import fr.tocsin.testsupport.AuthorizationMatrix;
import fr.tocsin.testsupport.AuthorizationMatrix.Rule;
import fr.tocsin.testsupport.AuthorizationMatrix.Who;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.BiFunction;

import static io.restassured.RestAssured.given;

/** Every operation of the fallback-number API, reads and writes, against every kind of caller (see AuthorizationMatrix). */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class AuthorizationMatrixTest {

    private static final String NUMBERS = "/api/v1/fallback-numbers";
    private static final Who NORD = Who.prefecture("59");
    private static final Who PAS_DE_CALAIS = Who.prefecture("62");
    // Operators declare outages; they never manage the directory of fallback numbers.
    private static final Who OPERATOR = Who.operator("Réseau Nord", "department:59");
    private static final String LISTED = "Lue " + java.util.UUID.randomUUID();
    private static final String AUDITED = "Auditee " + java.util.UUID.randomUUID();

    @Test
    void everyOperationAnswersEachCallerAsItShould() {
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
                // Reads are scoped like writes: the directory is the authorities' (operators read none of it).
                .rule("GET " + NUMBERS, Rule.list(token -> {
                    registerNordNumber(LISTED);
                    return as(token).get(NUMBERS);
                }, NORD, OPERATOR, PAS_DE_CALAIS, response -> !response.asString().contains(LISTED)))
                .rule("GET " + NUMBERS + "/export", Rule.list(token -> {
                    registerNordNumber(LISTED);
                    return as(token).get(NUMBERS + "/export");
                }, NORD, OPERATOR, PAS_DE_CALAIS, response -> !response.asString().contains(LISTED)))
                .rule("GET " + NUMBERS + "/{id}", onNordNumber((token, id) -> as(token).get(NUMBERS + "/" + id)))
                // The audit trail: within the reader's territories, never for operators; verified by the ministry.
                .rule("GET /api/v1/audit", Rule.list(token -> {
                    registerNordNumber(AUDITED);
                    return as(token).queryParam("size", 200).get("/api/v1/audit");
                }, NORD, OPERATOR, PAS_DE_CALAIS, response -> !response.asString().contains(AUDITED)))
                .rule("GET /api/v1/audit/verification", new Rule(token -> as(token).get("/api/v1/audit/verification"),
                        Who.ministry(), NORD, null))
                // What is live is public: the pages show it anyway.
                .open("GET /api/v1/live-numbers", () -> given().get("/api/v1/live-numbers?territory=59").statusCode())
                .run();
    }

    /** An operation on a fresh standby number of Nord, registered by Nord's prefecture. */
    private static Rule onNordNumber(BiFunction<String, String, Response> operation) {
        return new Rule(token -> operation.apply(token, registerNordNumber("SAMU du Nord")), NORD, OPERATOR, PAS_DE_CALAIS);
    }

    private static String registerNordNumber(String label) {
        Map<String, String> number = new java.util.HashMap<>(number());
        number.put("label", label);
        return as(NORD.token()).contentType(ContentType.JSON).body(number).post(NUMBERS)
                .then().statusCode(201).extract().path("id");
    }

    private static Map<String, String> number() {
        return Map.of("territory", "department:59", "service", "15", "number", fictional(), "label", "SAMU du Nord");
    }

    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * ARCEP's block for fiction, in a range of its own (03 53 01 77 xx, used by no other test): a new number for every
     * registration, where ~30 random draws from 10,000 clashed with the uniqueness constraint in about 3 % of runs.
     */
    private static String fictional() {
        int n = NEXT.getAndIncrement();
        if (n > 99) {
            throw new IllegalStateException("the matrix needs more than 100 numbers: widen the range");
        }
        return "03 53 01 77 %02d".formatted(n);
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().header("Authorization", "Bearer " + token);
    }
}
