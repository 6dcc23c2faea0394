package fr.tocsin.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standby numbers, deliveries and audit pages (#21): each form reaches the right API with the signed-in person's
 * own token, and what the API answers (a per-line CSV refusal, a re-drive count, the ministry-only verification) is
 * what the page shows. Their forms carry the CSRF token like every other: without it, nothing reaches the API.
 */
@QuarkusTest
@WithTestResource(SignInStack.class)
class StandbyDeliveriesAuditPagesTest {

    @TestHTTPResource("/numeros")
    URI numbers;

    @TestHTTPResource("/")
    URI root;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.rest-client.incident-api.url")
    String api;

    @BeforeEach
    void forget() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/_calls")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private List<JsonNode> calls(String method, String path) throws Exception {
        String calls = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/_calls")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<JsonNode> matching = new ArrayList<>();
        new ObjectMapper().readTree(calls).forEach(call -> {
            if (call.get("method").asText().equals(method) && call.get("path").asText().equals(path)) {
                matching.add(call);
            }
        });
        return matching;
    }

    @Test
    void aNumberAddedInThePageReachesTheDirectoryAsThePerson() throws Exception {
        Browser a = new Browser();
        HttpResponse<String> page = a.signIn(numbers, "agent-a-nord", CsrfTest.AGENT_A);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Numéros de secours", "department:59");
        // The list asked the directory for the person's first territory.
        assertThat(calls("GET", "/api/v1/fallback-numbers")).singleElement()
                .satisfies(call -> assertThat(call.get("query").asText()).isEqualTo("territory=department:59"));

        HttpResponse<String> added = a.post(numbers, Browser.form("csrf-token", Browser.csrfToken(page.body()),
                "territoire", "department:59", "service", "17", "priorite", "9", "numero", "03 53 01 09 17",
                "libelle", "Commissariat", "notes", "", "autorite", "", "verifie_le", "2026-06-01"));

        assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
        assertThat(added.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/numeros?territoire=department%3A59&fait=ajoute"));
        JsonNode post = calls("POST", "/api/v1/fallback-numbers").getFirst();
        JsonNode body = new ObjectMapper().readTree(post.get("body").asText());
        assertThat(body.get("territory").asText()).isEqualTo("department:59");
        assertThat(body.get("service").asText()).isEqualTo("17");
        assertThat(body.get("priority").asInt()).isEqualTo(9);
        assertThat(body.get("number").asText()).isEqualTo("03 53 01 09 17");
        assertThat(body.get("verifiedOn").asText()).isEqualTo("2026-06-01");
        assertThat(body.has("authority")).as("left to the directory: the person's authority").isFalse();
        assertThat(subject(post)).isEqualTo("agent-a-nord");
    }

    @Test
    void aCsvImportRefusedShowsEachBadLineAndKeepsTheText() throws Exception {
        Browser a = new Browser();
        HttpResponse<String> page = a.signIn(numbers, "agent-a-nord", CsrfTest.AGENT_A);
        String csv = "territory,service,priority,number,label,notes,authority,verified_on\n"
                + "department:59,17,9,03 53 01 09 17,Commissariat,,,\n"
                + "department:59,17,9,pas un numéro,Faux,,,\n";

        HttpResponse<String> refused = a.post(numbers.resolve("/numeros/import"), Browser.form(
                "csrf-token", Browser.csrfToken(page.body()), "territoire", "department:59", "csv", csv));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"import-erreurs\"", "line 3 : numéro invalide / invalid number",
                "pas un numéro");
        JsonNode post = calls("POST", "/api/v1/fallback-numbers/import").getFirst();
        assertThat(post.get("body").asText()).isEqualTo(csv);
        assertThat(subject(post)).isEqualTo("agent-a-nord");
    }

    @Test
    void aRedriveReachesBroadcastServiceForThatIncidentOnly() throws Exception {
        Browser b = new Browser();
        URI deliveries = root.resolve("/incidents/" + SignInStack.DECLARED_ID + "/envois");
        HttpResponse<String> page = b.signIn(deliveries, "agent-b-nord", CsrfTest.AGENT_B);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Envois de l’incident", "Aucun message à des abonnés", "en échec",
                "incertain : peut-être publié", "id=\"incertains\"", "Relancer les 2 envoi(s) en échec ou incertains");

        HttpResponse<String> redriven = b.post(deliveries.resolve("envois/relancer"),
                Browser.form("csrf-token", Browser.csrfToken(b.get(root.resolve("/declarer")).body())));

        assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(303);
        assertThat(redriven.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/incidents/" + SignInStack.DECLARED_ID + "/envois?relances=2"));
        JsonNode post = calls("POST", "/api/v1/deliveries/redrive").getFirst();
        assertThat(post.get("query").asText()).isEqualTo("incident=" + SignInStack.DECLARED_ID);
        assertThat(subject(post)).isEqualTo("agent-b-nord");
    }

    @Test
    void theNewFormsAreRefusedWithoutTheirCsrfTokenAndNothingReachesTheApis() throws Exception {
        Browser a = new Browser();
        assertThat(a.signIn(numbers, "agent-a-nord", CsrfTest.AGENT_A).statusCode()).isEqualTo(200);
        forget();

        assertThat(a.post(root.resolve("/incidents/" + SignInStack.DECLARED_ID + "/envois/relancer"),
                Browser.form("x", "y")).statusCode()).isEqualTo(400);
        assertThat(a.post(numbers.resolve("/numeros/import"), Browser.form("csv", "territory\n")).statusCode()).isEqualTo(400);
        assertThat(a.post(numbers.resolve("/numeros/" + SignInStack.NUMBER_ID + "/retirer"), Browser.form("x", "y"))
                .statusCode()).isEqualTo(400);

        assertThat(calls("POST", "/api/v1/deliveries/redrive")).isEmpty();
        assertThat(calls("POST", "/api/v1/fallback-numbers/import")).isEmpty();
        assertThat(calls("DELETE", "/api/v1/fallback-numbers/" + SignInStack.NUMBER_ID)).isEmpty();
    }

    @Test
    void theAuditTrailShowsTheRecordsAndTheApisAnswerToAVerification() throws Exception {
        Browser a = new Browser();
        HttpResponse<String> page = a.signIn(root.resolve("/journal?verifier=1"), "agent-a-nord", CsrfTest.AGENT_A);

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("DECLARE", "/incidents/" + SignInStack.DECLARED_ID,
                "Réservé au ministère / ministry only");
        // Without a source, incident-service's trail.
        assertThat(calls("GET", "/api/v1/audit")).singleElement().satisfies(call -> {
            assertThat(call.get("service").asText()).isEqualTo("incident-service");
            assertThat(subject(call)).isEqualTo("agent-a-nord");
        });
        assertThat(calls("GET", "/api/v1/audit/verification")).singleElement()
                .satisfies(call -> assertThat(call.get("service").asText()).isEqualTo("incident-service"));
    }

    @Test
    void eachSourceShowsTheTrailAndVerificationOfItsOwnService() throws Exception {
        Browser a = new Browser();
        assertThat(a.signIn(root.resolve("/journal"), "agent-a-nord", CsrfTest.AGENT_A).statusCode()).isEqualTo(200);
        Map<String, List<String>> sources = Map.of(
                "incidents", List.of("incident-service", "DECLARE", "href=\"/incidents/" + SignInStack.DECLARED_ID),
                "numeros", List.of("fallback-service", "NUMBER_CREATE", "href=\"/numeros/" + SignInStack.NUMBER_ID),
                "envois", List.of("broadcast-service", "DELIVERY_REDRIVE", "<code>" + SignInStack.DECLARED_ID));
        for (Map.Entry<String, List<String>> source : sources.entrySet()) {
            String service = source.getValue().getFirst();
            forget();

            HttpResponse<String> page = a.get(root.resolve("/journal?source=" + source.getKey() + "&verifier=1"));

            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).as(source.getKey()).contains(source.getValue().get(1), source.getValue().get(2),
                    "Le journal de " + service, "Réservé au ministère / ministry only",
                    "href=\"/journal?source=" + source.getKey() + "\" aria-current=\"page\"");
            for (String path : List.of("/api/v1/audit", "/api/v1/audit/verification")) {
                assertThat(calls("GET", path)).as(source.getKey() + " " + path).singleElement().satisfies(call -> {
                    assertThat(call.get("service").asText()).isEqualTo(service);
                    assertThat(subject(call)).isEqualTo("agent-a-nord");
                });
            }
        }
    }

    @Test
    void aMayorSeesWhatTheApiReturnsForThemAndAnOperatorItsRefusal() throws Exception {
        Browser mayor = new Browser();
        HttpResponse<String> page = mayor.signIn(root.resolve("/journal?source=numeros"), "maire-caen",
                TerritorySearchPageTest.MAYOR_OF_CAEN);

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("NUMBER_CREATE", "maire-caen (mayor)", "commune:14118")
                .doesNotContain("department:59");
        assertThat(calls("GET", "/api/v1/audit")).singleElement().satisfies(call -> {
            assertThat(call.get("service").asText()).isEqualTo("fallback-service");
            assertThat(subject(call)).isEqualTo("maire-caen");
        });

        forget();
        Browser operator = new Browser();
        HttpResponse<String> refused = operator.signIn(root.resolve("/journal?source=envois"), "operateur-nord", OPERATOR);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("id=\"refus\"", "Le journal d’audit n’est pas ouvert aux opérateurs")
                .doesNotContain("DELIVERY_REDRIVE");
        assertThat(calls("GET", "/api/v1/audit")).singleElement().satisfies(call -> {
            assertThat(call.get("service").asText()).isEqualTo("broadcast-service");
            assertThat(subject(call)).isEqualTo("operateur-nord");
        });
    }

    @Test
    void anUnknownSourceIsA400PageAndCallsNoService() throws Exception {
        Browser a = new Browser();
        assertThat(a.signIn(root.resolve("/journal"), "agent-a-nord", CsrfTest.AGENT_A).statusCode()).isEqualTo(200);
        forget();

        HttpResponse<String> page = a.get(root.resolve("/journal?source=abonnes&verifier=1"));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("Journal inconnu", "source : incidents, numeros, envois");
        assertThat(calls("GET", "/api/v1/audit")).isEmpty();
        assertThat(calls("GET", "/api/v1/audit/verification")).isEmpty();
    }

    static final String OPERATOR = "{\"name\": \"Opérateur\", \"groups\": [\"operator\"], "
            + "\"tocsin_territories\": [\"department:59\"], \"tocsin_authority\": \"Réseau Télécom Nord\"}";

    private static String subject(JsonNode call) throws Exception {
        String authorization = call.get("authorization").asText();
        assertThat(authorization).startsWith("Bearer ");
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
                .get("sub").asText();
    }
}
