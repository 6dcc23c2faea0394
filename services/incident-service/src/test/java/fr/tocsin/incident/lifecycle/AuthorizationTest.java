package fr.tocsin.incident.lifecycle;

import fr.tocsin.incident.IncidentApi;

import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.as;
import static fr.tocsin.incident.IncidentApi.declare;
import static fr.tocsin.incident.IncidentApi.declareId;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static fr.tocsin.incident.IncidentApi.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class AuthorizationTest {

    @Test
    void noOrBadTokenIs401() {
        given().contentType(ContentType.JSON).body(declarationIn("Sans jeton", "59")).post(INCIDENTS)
                .then().statusCode(401).contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"));
        String expired = TestStack.get().keys().sign(Map.of("iss", "https://tocsin.local/issuer", "sub", "x",
                "groups", List.of("ministry"), "exp", Instant.now().minusSeconds(3600).getEpochSecond()));
        as(expired).body(declarationIn("Jeton expiré", "59")).post(INCIDENTS).then().statusCode(401);
        String forged = Tokens.ministry();
        forged = forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA" + forged.substring(forged.lastIndexOf('.') + 5);
        as(forged).body(declarationIn("Signature fausse", "59")).post(INCIDENTS).then().statusCode(401);
    }

    @Test
    void aPrefectureActsOnlyInItsDepartment() {
        declare(Tokens.prefecture("59"), declarationIn("Chez le voisin", "62"))
                .statusCode(403).contentType(startsWith("application/problem+json"));
        declare(Tokens.prefecture("59"), declarationIn("National", "FR")).statusCode(403);
        declare(Tokens.prefecture("59"), declarationIn("Région", "region:32")).statusCode(403);
        // Its own communes are within its department.
        declare(Tokens.prefecture("59"), declarationIn("Lille", "commune:59350")).statusCode(201);
        // And it cannot touch another department's incident.
        String pasDeCalais = declareId(Tokens.prefecture("62"), declarationIn("Arras", "62"));
        post(Tokens.prefecture("59"), pasDeCalais, "resolve", "\"1\"", null).statusCode(403);
        assertThat(countDeclaredIn("Chez le voisin")).isZero();
    }

    @Test
    void aMayorActsOnlyInItsCommune() {
        // Caen (14118) cannot declare for Rouen (76540).
        declare(Tokens.mayor("14118"), declarationIn("Rouen", "commune:76540")).statusCode(403);
        declare(Tokens.mayor("14118"), declarationIn("Calvados", "14")).statusCode(403);
        declare(Tokens.mayor("14118"), declarationIn("Caen", "commune:14118")).statusCode(201);
    }

    @Test
    void unknownRoleIsForbidden() {
        String citizen = Tokens.of("citoyen", "citizen", "Moi", "department:59");
        declare(citizen, declarationIn("Citoyen", "59")).statusCode(403);
    }

    @Test
    void nationalAndExtremeIncidentsNeedASecondPerson() {
        String author = Tokens.of("agent-a", "ministry", "Ministère de l’Intérieur", "FR");
        String second = Tokens.of("agent-b", "ministry", "Ministère de l’Intérieur", "FR");
        String id = declare(author, declarationIn("National", "FR")).statusCode(201)
                .body("status", equalTo("DRAFT")).extract().path("id");
        post(author, id, "approve", "\"1\"", null).statusCode(403)
                .body("detail", org.hamcrest.Matchers.containsString("four-eyes"));
        // A prefecture cannot approve a national incident either.
        post(Tokens.prefecture("59"), id, "approve", "\"1\"", null).statusCode(403);
        post(second, id, "approve", "\"1\"", null).statusCode(200).body("status", equalTo("ACTIVE"));

        String extreme = declare(Tokens.of("prefet-a", "prefecture", "Préfecture du Nord", "department:59"),
                declarationIn("Extrême", "59").replace("\"SEVERE\"", "\"EXTREME\"")).statusCode(201)
                .body("status", equalTo("DRAFT")).extract().path("id");
        post(Tokens.of("prefet-b", "prefecture", "Préfecture du Nord", "department:59"), extreme, "approve", "\"1\"", null)
                .statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void operatorDeclarationsStayDraftsUntilAnAuthorityOfTheTerritoryApproves() {
        String operator = Tokens.operator("Réseau Télécom Nord", "department:59", "department:62");
        String id = declare(operator, declarationIn("Panne réseau", "59")).statusCode(201)
                .body("status", equalTo("DRAFT")).extract().path("id");
        // An operator cannot make it public, nor can an authority elsewhere.
        post(operator, id, "approve", "\"1\"", null).statusCode(403);
        post(Tokens.prefecture("14"), id, "approve", "\"1\"", null).statusCode(403);
        post(operator, id, "resolve", "\"1\"", null).statusCode(409);
        post(Tokens.prefecture("59"), id, "approve", "\"1\"", null).statusCode(200).body("status", equalTo("ACTIVE"))
                .body("version", equalTo(2));
        // An operator only manages its own declarations.
        String prefectures = declareId(Tokens.prefecture("59"), declarationIn("Préfecture", "59"));
        post(operator, prefectures, "updates", "\"1\"", "{\"message\": {\"fr\": \"x\"}}").statusCode(403);
    }

    private static long countDeclaredIn(String title) {
        return TestDatabase.queryLong("incident", "select count(*) from incident where title_fr = ?", title);
    }
}
