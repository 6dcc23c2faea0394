package fr.tocsin.incident.declaration;

import fr.tocsin.incident.IncidentApi;

import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.as;
import static fr.tocsin.incident.IncidentApi.declareId;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static fr.tocsin.incident.IncidentApi.etag;
import static fr.tocsin.incident.IncidentApi.post;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class IncidentLifecycleTest {

    private final String prefect = Tokens.prefecture("62");

    @Test
    void activeMonitoringActiveResolvedWithATimelineAndAGrowingVersion() {
        String id = declareId(prefect, declarationIn("Panne 17 Pas-de-Calais", "62"));
        post(prefect, id, "updates", "\"1\"", """
                {"message": {"fr": "Le 17 répond à nouveau par intermittence."}, "status": "MONITORING"}""")
                .statusCode(200).header("ETag", equalTo("\"2\"")).body("status", equalTo("MONITORING"));
        post(prefect, id, "updates", "\"2\"", """
                {"message": {"fr": "Nouvelle coupure."}, "status": "ACTIVE", "services": ["17", "112"]}""")
                .statusCode(200).body("version", equalTo(3)).body("services", equalTo(List.of("17", "112")));
        post(prefect, id, "resolve", "\"3\"", null)
                .statusCode(200).body("status", equalTo("RESOLVED")).body("version", equalTo(4))
                .body("timeline[3].message.fr", equalTo("Service rétabli"));
        as(prefect).get(INCIDENTS + "/" + id).then().statusCode(200)
                .body("timeline", hasSize(4))
                .body("timeline.status", equalTo(java.util.Arrays.asList("ACTIVE", "MONITORING", "ACTIVE", "RESOLVED")))
                .body("resolvedAt", not(equalTo(null)));
        // Closed is closed.
        post(prefect, id, "updates", "\"4\"", "{\"message\": {\"fr\": \"encore\"}}")
                .statusCode(409).contentType(startsWith("application/problem+json"));
        post(prefect, id, "cancel", "\"4\"", null).statusCode(409);
    }

    @Test
    void cancelMarksADeclarationInError() {
        String id = declareId(prefect, declarationIn("Erreur de saisie", "62"));
        post(prefect, id, "cancel", "\"1\"", "{\"message\": {\"fr\": \"Déclaré par erreur.\"}}")
                .statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void changesNeedTheCurrentETag() {
        String id = declareId(prefect, declarationIn("Concurrence", "62"));
        post(prefect, id, "updates", null, "{\"message\": {\"fr\": \"sans If-Match\"}}")
                .statusCode(428).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("If-Match"));
        post(prefect, id, "updates", "\"1\"", "{\"message\": {\"fr\": \"premier\"}}").statusCode(200);
        // A second writer still holding version 1 is told it is stale, and what the current version is.
        post(prefect, id, "updates", "\"1\"", "{\"message\": {\"fr\": \"second\"}}")
                .statusCode(412).header("ETag", equalTo("\"2\""))
                .contentType(startsWith("application/problem+json"));
        post(prefect, id, "resolve", "W/\"1\"", null).statusCode(412);
        as(prefect).get(INCIDENTS + "/" + id).then().body("timeline", hasSize(2));
        post(prefect, id, "updates", "\"2\"", "{\"message\": {\"fr\": \"x\"}, \"status\": \"RESOLVED\"}")
                .statusCode(400).body("errors[0].field", equalTo("status"));
    }

    @Test
    void unknownIncidentIsA404Problem() {
        as(prefect).get(INCIDENTS + "/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        post(prefect, java.util.UUID.randomUUID().toString(), "resolve", "\"1\"", null).statusCode(404);
    }

    @Test
    void listFiltersByStatusTerritoryServiceAndSince() {
        Instant start = Instant.now();
        String ministry = Tokens.ministry();
        String national = declareId(ministry, declarationIn("Filtre national", "FR"));
        String regional = declareId(ministry, declarationIn("Filtre Hauts-de-France", "region:32"));
        String nord = declareId(Tokens.prefecture("59"), declarationIn("Filtre Nord", "59"));
        String lille = declareId(Tokens.mayor("59350"), """
                {"title": {"fr": "Filtre Lille"}, "description": {"fr": "Mairie fermée"}, "services": ["mairie"],
                 "territories": ["commune:59350"]}""");
        String calvados = declareId(Tokens.prefecture("14"), declarationIn("Filtre Calvados", "14"));

        as(ministry).queryParam("territory", "59").queryParam("since", start.toString()).get(INCIDENTS).then()
                .statusCode(200)
                .body("id", hasItem(national)).body("id", hasItem(regional)).body("id", hasItem(nord))
                .body("id", hasItem(lille)).body("id", not(hasItem(calvados)));
        as(ministry).queryParam("territory", "59").queryParam("service", "mairie").get(INCIDENTS).then()
                .body("id", equalTo(List.of(lille)));
        as(ministry).queryParam("status", "DRAFT").queryParam("since", start.toString()).get(INCIDENTS).then()
                .body("id", equalTo(List.of(national)));
        as(ministry).queryParam("territory", "département 59").get(INCIDENTS).then().statusCode(400)
                .body("errors[0].field", equalTo("territory"));
        as(ministry).queryParam("since", "hier").get(INCIDENTS).then().statusCode(400)
                .body("errors[0].field", equalTo("since"));
    }
}
