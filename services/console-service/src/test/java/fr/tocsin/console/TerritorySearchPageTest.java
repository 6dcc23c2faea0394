package fr.tocsin.console;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The declaration form's territory search, without JavaScript: the form posted with action "chercher" comes back as
 * filled, with the territories found among the person's as buttons; one of them fills the territory. Nothing reaches
 * the API but the form's usual reads.
 */
@QuarkusTest
@WithTestResource(SignInStack.class)
class TerritorySearchPageTest {

    static final String MAYOR_OF_CAEN = "{\"name\": \"Maire de Caen\", \"groups\": [\"mayor\"], "
            + "\"tocsin_territories\": [\"commune:14118\"], \"tocsin_authority\": \"Mairie de Caen\"}";

    @TestHTTPResource("/declarer")
    URI declare;

    @ConfigProperty(name = "quarkus.rest-client.incident-api.url")
    String api;

    @Test
    void aPrefectureFindsItsDepartmentAndItsCommunesAndChoosesOneKeepingTheRestOfTheForm() throws Exception {
        Browser a = new Browser();
        String token = Browser.csrfToken(a.signIn(declare, "agent-a-nord", CsrfTest.AGENT_A).body());
        forget();

        HttpResponse<String> nord = a.post(declare, search(token, "nord"));
        assertThat(nord.statusCode()).as(nord.body()).isEqualTo(200);
        assertThat(nord.body()).contains("name=\"choix_territoire\" value=\"department:59\"")
                .contains("Nord (59) — département").contains("Territoires trouvés pour « nord »")
                // What was typed is still there.
                .contains("value=\"Numéros injoignables à Lille\"").contains("name=\"recherche_territoire\" value=\"nord\"");
        assertThat(a.post(declare, search(token, "LÎLLE")).body())
                .contains("name=\"choix_territoire\" value=\"commune:59350\"").contains("Lille — commune, 59000");
        assertThat(a.post(declare, search(token, "59000")).body()).contains("value=\"commune:59350\"");
        // Caen is no territory of the Nord's.
        HttpResponse<String> caen = a.post(declare, search(token, "caen"));
        assertThat(caen.body()).doesNotContain("choix_territoire").contains("id=\"recherche-vide\"")
                .contains("« caen » n’est dans aucun de vos territoires (Nord)");

        Map<String, String> choose = search(token, "lille");
        choose.remove("action");
        choose.put("choix_territoire", "commune:59350");
        HttpResponse<String> chosen = a.post(declare, choose);
        assertThat(chosen.statusCode()).isEqualTo(200);
        assertThat(chosen.body()).contains("id=\"territoire\" name=\"territoire\" required value=\"commune:59350\"")
                .contains("value=\"Numéros injoignables à Lille\"").doesNotContain("Territoires trouvés");
        assertThat(posts()).as("a search sends nothing").isZero();
    }

    @Test
    void aMayorOfCaenIsOfferedCaenOnlyAndToldWhenNothingMatches() throws Exception {
        Browser mayor = new Browser();
        String token = Browser.csrfToken(mayor.signIn(declare, "maire-caen", MAYOR_OF_CAEN).body());
        for (String query : new String[] {"Caen", "CAËN", "14000"}) {
            String page = mayor.post(declare, search(token, query)).body();
            assertThat(page).as(query).contains("value=\"commune:14118\"").contains("Caen — commune, 14000, Calvados (14)");
            assertThat(page.split("name=\"choix_territoire\"", -1)).as(query + ": one choice").hasSize(2);
        }
        assertThat(mayor.post(declare, search(token, "Calvados")).body()).doesNotContain("choix_territoire")
                .contains("« Calvados » n’est dans aucun de vos territoires (Caen)");
        assertThat(mayor.post(declare, search(token, "Zzyzx")).body()).doesNotContain("choix_territoire")
                .contains("Aucun territoire ne correspond à « Zzyzx »");
        // A search is a form post like any other: without its CSRF token, refused.
        Map<String, String> withoutToken = search(token, "caen");
        withoutToken.remove("csrf-token");
        assertThat(mayor.post(declare, withoutToken).statusCode()).isEqualTo(400);
    }

    private static Map<String, String> search(String csrfToken, String query) {
        return Browser.form("csrf-token", csrfToken, "action", "chercher", "cle", "k-search", "territoire", "",
                "recherche_territoire", query, "titre_fr", "Numéros injoignables à Lille", "gravite", "SEVERE");
    }

    private void forget() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/_calls")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private long posts() throws Exception {
        String calls = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/_calls")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(calls).findValuesAsText("method").stream()
                .filter("POST"::equals).count();
    }
}
