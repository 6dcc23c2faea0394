package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class SearchAndCommunePagesTest {

    @Test
    void aPostalCodeOrADepartmentLeadsStraightToItsPage() {
        given().redirects().follow(false).get("/recherche?q=14000").then().statusCode(303)
                .header("Location", endsWith("/departements/14"));
        // Ten villages share 01400, all in Ain.
        given().redirects().follow(false).get("/recherche?q=01400").then().statusCode(303)
                .header("Location", endsWith("/departements/01"));
        // An INSEE code that is no postal code: Caen's own page.
        given().redirects().follow(false).get("/recherche?q=14118").then().statusCode(303)
                .header("Location", endsWith("/communes/14118"));
        given().redirects().follow(false).get("/recherche?q=caen").then().statusCode(303)
                .header("Location", endsWith("/communes/14118"));
        given().redirects().follow(false).get("/recherche?q=59").then().statusCode(303)
                .header("Location", endsWith("/departements/59"));
        given().redirects().follow(false).get("/recherche?q=2a").then().statusCode(303)
                .header("Location", endsWith("/departements/2A"));
    }

    @Test
    void aNameListsMatchingCommunesAndQueriesAreEscaped() {
        given().get("/recherche?q=saint etienne").then().statusCode(200)
                .body(containsString("<a href=\"/communes/42218\">Saint-Étienne</a>"));
        given().get("/recherche?q=<script>x</script>").then().statusCode(200)
                .body(containsString("&lt;script&gt;")).body(not(containsString("<script>x")));
        given().get("/").then().body(containsString("action=\"/recherche\""));
    }

    @Test
    void theCommunePageShowsItsIncidentsAndNumbersAndItsDepartmentsNumbers() {
        UUID id = UUID.randomUUID();
        IncidentEvent event = IncidentEvent.of(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE,
                "Mairie de Caen hors ligne", List.of("mairie"), "commune:14118"), Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
        // 02 61 91 xx xx: a range ARCEP reserves for fiction.
        publish(TerritoryRef.commune("14118"), new LiveNumber("mairie", 1, "+33261914118", "02 61 91 41 18",
                "Mairie de Caen — standard de crise", "Paiement en espèces uniquement", List.of(id)));
        publish(TerritoryRef.department("14"), new LiveNumber("15", 1, "+33261910014", "02 61 91 00 14", "SAMU du Calvados",
                null, List.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/communes/14118").then().statusCode(200)
                .body(containsString("<h1>Caen : que faire maintenant</h1>"))
                .body(containsString("Mairie de Caen hors ligne"))
                .body(containsString("href=\"tel:+33261914118\""))
                .body(containsString("href=\"tel:+33261910014\"")));
        // The commune's own number is not shown in another commune of the department.
        given().get("/communes/14047").then().statusCode(200).body(not(containsString("tel:+33261914118")));
        given().get("/communes/00000").then().statusCode(404);
    }

    private static void publish(TerritoryRef territory, LiveNumber number) {
        LiveNumbersEvent event = new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                territory, System.currentTimeMillis(), List.of(number));
        TopicWriter.send(Topics.FALLBACK_NUMBERS, 0, event.key(), EventJson.write(event));
    }
}
