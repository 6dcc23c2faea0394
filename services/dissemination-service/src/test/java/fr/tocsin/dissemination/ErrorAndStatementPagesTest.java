package fr.tocsin.dissemination;

import fr.tocsin.dissemination.pages.Lang;
import fr.tocsin.dissemination.web.ErrorPages;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * A citizen who mistypes an address gets a page, in the language of the path, with the search form and the way to
 * the national page, never a blank screen; programs keep problem+json (issue #16, point 3). Every page's footer
 * leads to the accessibility statement (point 4).
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class ErrorAndStatementPagesTest {

    @Inject
    ErrorPages errorPages;

    @Test
    void mistypedAddressesGetAnErrorPageWithTheSearchFormInTheirLanguage() {
        for (String path : List.of("/departements/99", "/incidents/not-a-uuid", "/incidents/00000000-0000-0000-0000-000000000000",
                "/communes/00000", "/widget/departements/999", "/departements/999/imprimer", "/nulle-part")) {
            given().get(path).then().statusCode(404).contentType(startsWith("text/html"))
                    .body(containsString("<html lang=\"fr\">"))
                    .body(containsString("<h1>Page introuvable</h1>"))
                    .body(containsString("<form role=\"search\" action=\"/recherche\" method=\"get\""))
                    .body(containsString("<a class=\"fr-link\" href=\"/\">Voir les pannes en cours dans toute la France</a>"))
                    .body(containsString("href=\"/accessibilite\""));
        }
        for (String path : List.of("/en/departements/99", "/en/incidents/not-a-uuid", "/en/nowhere")) {
            given().get(path).then().statusCode(404).contentType(startsWith("text/html"))
                    .body(containsString("<html lang=\"en\">"))
                    .body(containsString("<h1>Page not found</h1>"))
                    .body(containsString("<form role=\"search\" action=\"/en/recherche\" method=\"get\""))
                    .body(containsString("<a class=\"fr-link\" href=\"/en\">See the outages in progress across France</a>"));
        }
        String tooLong = "Saint".repeat(30);
        given().get("/recherche?q=" + tooLong).then().statusCode(400).contentType(startsWith("text/html"))
                .body(containsString("<h1>Demande incorrecte</h1>"))
                .body(containsString("<form role=\"search\""))
                .body(not(containsString(tooLong)));
        given().get("/en/recherche?q=" + tooLong).then().statusCode(400)
                .body(containsString("<h1>Bad request</h1>")).body(containsString("action=\"/en/recherche\""));
    }

    @Test
    void programsKeepProblemJson() {
        for (String path : List.of("/api/v1/nothing", "/cap/00000000-0000-0000-0000-000000000000.xml", "/feeds/nothing.atom",
                "/en/feeds/nothing.rss")) {
            given().get(path).then().log().ifValidationFails().statusCode(404).contentType(startsWith("application/problem+json"))
                    .body(containsString("\"status\":404"));
        }
        given().get("/api/v1/notices?territory=00").then().statusCode(400).contentType(startsWith("application/problem+json"));
    }

    /** Nothing answers 429 or 503 on a page through RESTEasy today; the overload page is PublicAdmissionTest's. */
    @Test
    void tooManyRequestsAndOverloadPagesExistInBothLanguages() {
        Map<Integer, List<String>> headings = Map.of(429, List.of("Trop de demandes", "Too many requests"),
                503, List.of("Service surchargé", "Service overloaded"));
        headings.forEach((status, names) -> {
            String french = new String(errorPages.page(status, Lang.FR).body(), StandardCharsets.UTF_8);
            String english = new String(errorPages.page(status, Lang.EN).body(), StandardCharsets.UTF_8);
            assertThat(french).contains("<h1>" + names.get(0) + "</h1>", "Erreur " + status, "<form role=\"search\"");
            assertThat(english).contains("<h1>" + names.get(1) + "</h1>", "Error " + status, "action=\"/en/recherche\"");
        });
    }

    @Test
    void theAccessibilityStatementIsLinkedFromEveryFooter() {
        given().get("/accessibilite").then().statusCode(200)
                .body(containsString("<h1 class=\"fr-mt-4w\">Déclaration d’accessibilité</h1>"))
                .body(containsString("<strong>non conforme</strong>"))
                .body(containsString("Ce qui n’est pas encore accessible"))
                .body(containsString("href=\"mailto:accessibilite@tocsin.gouv.fr\""))
                .body(containsString("Défenseur des droits, Libre réponse 71120"))
                .body(containsString("Établie le"));
        given().get("/en/accessibilite").then().statusCode(200)
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("Accessibility statement"))
                .body(containsString("<strong>not compliant</strong>"))
                .body(containsString("What is not yet accessible"))
                .body(containsString("Drawn up on"));
        for (String path : List.of("/", "/departements/05", "/communes/05061", "/recherche?q=saint", "/accessibilite",
                "/departements/99")) {
            assertThat(given().get(path).then().extract().asString()).as(path)
                    .contains("<a class=\"fr-footer__bottom-link\" href=\"/accessibilite\">Accessibilité : non conforme</a>");
        }
        for (String path : List.of("/en", "/en/departements/05", "/en/communes/05061", "/en/incidents/x")) {
            assertThat(given().get(path).then().extract().asString()).as(path)
                    .contains("<a class=\"fr-footer__bottom-link\" href=\"/en/accessibilite\">Accessibility: not compliant</a>");
        }
        given().get("/widget/departements/05").then().body(containsString("/accessibilite\" target=\"_blank\""));
    }

    @Test
    void everyPageAnnouncesItsFeedsInItsLanguage() {
        Map<String, String> feeds = Map.of(
                "/", "/feeds/incidents.atom\"",
                "/departements/05", "/feeds/incidents.atom?territory=05\"",
                "/en/departements/05", "/en/feeds/incidents.atom?territory=05\"",
                "/communes/05061", "/feeds/incidents.atom?territory=05061\"",
                "/en", "/en/feeds/incidents.atom\"");
        feeds.forEach((page, feed) -> {
            String html = given().get(page).then().statusCode(200).extract().asString();
            assertThat(html).as(page).contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"" + feed)
                    .contains("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"" + feed.replace(".atom", ".rss"));
        });
    }
}
