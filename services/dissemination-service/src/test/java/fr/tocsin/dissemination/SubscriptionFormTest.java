package fr.tocsin.dissemination;

import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscription form on the national, department and commune pages (#20), in French and English: a plain HTML
 * form (no script) prefilled with the page's territory, posting to the subscription pages of broadcast-service
 * ({@code tocsin.public.subscriptions-url}, another origin locally, which the pages' form-action then allows). This
 * tier only carries the form: no subscription path, no subscriber setting.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class SubscriptionFormTest {

    private static final String SUBSCRIPTIONS = "http://127.0.0.1:8083";

    @Test
    void theNationalDepartmentAndCommunePagesCarryTheFormPrefilledWithTheirTerritory() {
        Map<String, String> prefilled = Map.of("/", "France", "/departements/59", "Nord (59)",
                "/communes/59350", "Lille (59350)", "/en/departements/2A", "Corse-du-Sud (2A)", "/en", "France");
        prefilled.forEach((path, territory) -> {
            // The department pages are served hot (prebuilt): they must carry the same form and policy.
            Response page = given().get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            String html = page.asString();
            String prefix = path.startsWith("/en") ? "/en" : "";
            assertThat(html).as(path).contains("<form action=\"" + SUBSCRIPTIONS + prefix + "/abonnement\" method=\"post\">",
                    "name=\"destination\"", "name=\"territory\" type=\"text\" value=\"" + territory + "\"",
                    "for=\"abonnement-destination\"", "for=\"abonnement-territoire\"",
                    "href=\"" + SUBSCRIPTIONS + prefix + "/abonnement/donnees-personnelles\"",
                    "href=\"" + SUBSCRIPTIONS + prefix + "/abonnement/gerer\"");
            assertThat(html).as(path).contains(prefix.isEmpty() ? "Recevoir les numéros de secours par SMS ou par e-mail"
                    : "Get the emergency numbers by text message or e-mail");
            assertThat(page.header("Content-Security-Policy")).as(path)
                    .contains("form-action 'self' " + SUBSCRIPTIONS + ";").endsWith("frame-ancestors 'none'");
        });
        // Not on the pages whose form would be out of place: the widget (framed elsewhere), the printable version.
        for (String path : List.of("/widget/departements/59", "/departements/59/imprimer")) {
            assertThat(given().get(path).asString()).as(path).doesNotContain("/abonnement\" method=\"post\"");
        }
    }

    @Test
    void thisTierServesNoSubscriptionPathAndKeepsNoSubscriberSetting() throws IOException {
        given().redirects().follow(false).get("/abonnement").then().statusCode(404);
        given().contentType("application/x-www-form-urlencoded").formParam("destination", "06 39 98 01 01")
                .post("/abonnement").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(404));
        given().contentType("application/json").body("{}").post("/api/v1/subscriptions").then()
                .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(404));
        Properties properties = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        assertThat(properties.stringPropertyNames()).noneMatch(key -> key.contains("mailer") || key.contains("smpp")
                || key.contains("tocsin.subscriptions."));
    }
}
