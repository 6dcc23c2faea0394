package fr.tocsin.incident;

import fr.tocsin.incident.cap.CapIngestionTest;

import fr.tocsin.testsupport.AuthorizationMatrix;
import fr.tocsin.testsupport.AuthorizationMatrix.Rule;
import fr.tocsin.testsupport.AuthorizationMatrix.Who;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static fr.tocsin.incident.IncidentApi.declareId;
import static fr.tocsin.incident.IncidentApi.etag;
import static io.restassured.RestAssured.given;

/** Every operation of the incident API, reads and writes, against every kind of caller (see AuthorizationMatrix). */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class AuthorizationMatrixTest {

    private static final Who NORD = Who.prefecture("59");
    private static final Who PAS_DE_CALAIS = Who.prefecture("62");
    private static final Who CITIZEN = Who.citizen("59");
    private static final Who OPERATOR = Who.operator("Réseau Nord", "department:59");
    private static final String LISTED = "Liste " + UUID.randomUUID();
    private static final String AUDITED = "Auditee " + java.util.UUID.randomUUID();

    @Test
    void everyOperationAnswersEachCallerAsItShould() {
        new AuthorizationMatrix()
                .rule("POST /api/v1/incidents", new Rule(
                        token -> as(token).contentType(ContentType.JSON).body(declarationIn("Matrice", "59")).post(INCIDENTS),
                        NORD, CITIZEN, PAS_DE_CALAIS))
                .rule("POST /api/v1/incidents", new Rule(
                        token -> as(token).contentType("application/cap+xml")
                                .body(CapIngestionTest.alert("MATRIX-" + UUID.randomUUID(), "Actual", "59")
                                        // The authority is each caller's own (a differing senderName is a 400).
                                        .replace("<senderName>Préfecture du Nord</senderName>", "")
                                        .getBytes(StandardCharsets.UTF_8))
                                .post(INCIDENTS),
                        NORD, CITIZEN, PAS_DE_CALAIS))
                // Planned works (#22): the same rules as any declaration, and an operator's plan waits for the
                // prefecture (below).
                .rule("POST /api/v1/incidents", new Rule(
                        token -> as(token).contentType(ContentType.JSON).body(planned("Matrice travaux")).post(INCIDENTS),
                        NORD, CITIZEN, PAS_DE_CALAIS))
                .rule("POST /api/v1/incidents/{id}/approve", new Rule(token -> {
                    String id = declareId(OPERATOR.token(), planned("Travaux opérateur"));
                    return as(token).header("If-Match", etag(NORD.token(), id)).contentType(ContentType.JSON)
                            .post(INCIDENTS + "/" + id + "/approve");
                }, NORD, Who.operator("Autre réseau", "department:59"), PAS_DE_CALAIS))
                .rule("POST /api/v1/incidents/{id}/cancel", new Rule(token -> {
                    String id = declareId(NORD.token(), planned("Travaux annulés"));
                    return as(token).header("If-Match", etag(NORD.token(), id)).contentType(ContentType.JSON).body("{}")
                            .post(INCIDENTS + "/" + id + "/cancel");
                }, NORD, CITIZEN, PAS_DE_CALAIS))
                .rule("POST /api/v1/incidents/{id}/updates", onNordIncident("updates", "{\"message\": {\"fr\": \"Point\"}}",
                        NORD, CITIZEN, PAS_DE_CALAIS))
                .rule("POST /api/v1/incidents/{id}/resolve", onNordIncident("resolve", "{}", NORD, CITIZEN, PAS_DE_CALAIS))
                .rule("POST /api/v1/incidents/{id}/cancel", onNordIncident("cancel", "{}", NORD, CITIZEN, PAS_DE_CALAIS))
                // An operator's declaration waits for an authority of its territory; an operator never approves.
                .rule("POST /api/v1/incidents/{id}/approve", new Rule(token -> {
                    String id = declareId(OPERATOR.token(), declarationIn("Brouillon opérateur", "59"));
                    return as(token).header("If-Match", etag(NORD.token(), id)).contentType(ContentType.JSON)
                            .post(INCIDENTS + "/" + id + "/approve");
                }, NORD, Who.operator("Autre réseau", "department:59"), PAS_DE_CALAIS))
                .rule("POST /api/v1/incidents/{id}/reject", new Rule(token -> {
                    String id = declareId(OPERATOR.token(), declarationIn("Brouillon à rejeter", "59"));
                    return as(token).header("If-Match", etag(NORD.token(), id)).contentType(ContentType.JSON)
                            .post(INCIDENTS + "/" + id + "/reject");
                }, NORD, Who.operator("Autre réseau", "department:59"), PAS_DE_CALAIS))
                // Reads are scoped like writes: one incident of Nord is not found elsewhere, and lists leave it out.
                .rule("GET /api/v1/incidents/{id}", new Rule(token -> {
                    String id = declareId(NORD.token(), declarationIn("Lecture", "59"));
                    return as(token).get(INCIDENTS + "/" + id);
                }, NORD, CITIZEN, PAS_DE_CALAIS, 404))
                .rule("GET /api/v1/incidents", Rule.list(token -> {
                    declareId(NORD.token(), declarationIn(LISTED, "59"));
                    return as(token).queryParam("limit", 500).get(INCIDENTS);
                }, NORD, CITIZEN, PAS_DE_CALAIS, response -> !response.asString().contains(LISTED)))
                .rule("GET /api/v1/templates", new Rule(token -> as(token).get("/api/v1/templates"),
                        NORD, CITIZEN, null))
                // The audit trail: within the reader's territories, never for operators.
                .rule("GET /api/v1/audit", Rule.list(token -> {
                    declareId(NORD.token(), declarationIn(AUDITED, "59"));
                    return as(token).queryParam("size", 200).get("/api/v1/audit");
                }, NORD, Who.operator("Réseau Nord", "department:59"), PAS_DE_CALAIS,
                        response -> !response.asString().contains(AUDITED)))
                .rule("GET /api/v1/audit/verification", new Rule(token -> as(token).get("/api/v1/audit/verification"),
                        Who.ministry(), NORD, null))
                .run();
    }

    /** Planned works in Nord, tomorrow from 02:00 to 04:00. */
    private static String planned(String title) {
        java.time.Instant start = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                .plus(java.time.Duration.ofHours(26));
        return declarationIn(title, "59").strip().replaceFirst("}$", ", \"plannedStartAt\": \"" + start
                + "\", \"plannedEndAt\": \"" + start.plus(java.time.Duration.ofHours(2)) + "\"}");
    }

    /** An action on a fresh incident of Nord, declared by Nord's prefecture. */
    private static Rule onNordIncident(String action, String body, Who allowed, Who wrongRole, Who wrongTerritory) {
        return new Rule(token -> {
            String id = declareId(NORD.token(), declarationIn("Matrice " + action, "59"));
            return as(token).header("If-Match", etag(NORD.token(), id)).contentType(ContentType.JSON).body(body)
                    .post(INCIDENTS + "/" + id + "/" + action);
        }, allowed, wrongRole, wrongTerritory);
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().header("Authorization", "Bearer " + token);
    }
}
