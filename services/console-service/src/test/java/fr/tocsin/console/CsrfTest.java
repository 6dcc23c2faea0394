package fr.tocsin.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #21: a form posted without its CSRF token, or with another session's, is refused and changes nothing —
 * nothing reaches the API. The same form with its own token does reach it, with the signed-in person's own token:
 * the console holds no privilege of its own.
 */
@QuarkusTest
@WithTestResource(SignInStack.class)
class CsrfTest {

    static final String AGENT_A = "{\"name\": \"Agent A\", \"groups\": [\"prefecture\"], "
            + "\"tocsin_territories\": [\"department:59\"], \"tocsin_authority\": \"Préfecture du Nord\"}";
    static final String AGENT_B = "{\"name\": \"Agent B\", \"groups\": [\"prefecture\"], "
            + "\"tocsin_territories\": [\"department:59\"], \"tocsin_authority\": \"Préfecture du Nord\"}";

    @TestHTTPResource("/declarer")
    URI declare;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.rest-client.incident-api.url")
    String api;

    @BeforeEach
    void forget() throws Exception {
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(api + "/_calls"))
                .DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    /** The POSTs the stand-in API received. */
    private java.util.List<JsonNode> posted() throws Exception {
        String calls = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create(api + "/_calls")).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.List<JsonNode> posts = new java.util.ArrayList<>();
        new ObjectMapper().readTree(calls).forEach(call -> {
            if (call.get("method").asText().equals("POST")) {
                posts.add(call);
            }
        });
        return posts;
    }

    @Test
    void aDeclarationWithItsOwnTokenReachesTheApiAsThePersonSignedIn() throws Exception {
        Browser a = new Browser();
        HttpResponse<String> form = a.signIn(declare, "agent-a-nord", AGENT_A);
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);

        HttpResponse<String> sent = a.post(declare, declaration(Browser.csrfToken(form.body())));

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/incidents/" + SignInStack.DECLARED_ID + "?fait=declare"));
        var posted = posted();
        assertThat(posted).hasSize(1);
        assertThat(posted.getFirst().get("path").asText()).isEqualTo("/api/v1/incidents");
        assertThat(posted.getFirst().get("body").asText()).contains("\"territories\":[\"department:59\"]");
        // The person's own access token, from the provider: their subject and claims, the APIs as audiences.
        JsonNode claims = claims(posted.getFirst().get("authorization").asText());
        assertThat(claims.get("sub").asText()).isEqualTo("agent-a-nord");
        assertThat(claims.get("groups").get(0).asText()).isEqualTo("prefecture");
        assertThat(claims.get("tocsin_authority").asText()).isEqualTo("Préfecture du Nord");
        assertThat(claims.get("iss").asText()).isEqualTo("https://tocsin.local/issuer");
        assertThat(claims.get("aud").toString()).contains("tocsin-incident-api");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndNothingReachesTheApi() throws Exception {
        Browser a = new Browser();
        assertThat(a.signIn(declare, "agent-a-nord", AGENT_A).statusCode()).isEqualTo(200);

        Map<String, String> withoutToken = declaration("ignored");
        withoutToken.remove("csrf-token");
        HttpResponse<String> sent = a.post(declare, withoutToken);

        assertThat(sent.statusCode()).isEqualTo(400);
        assertThat(posted()).isEmpty();
    }

    @Test
    void aFormWithAnotherSessionsCsrfTokenIsRefusedAndNothingReachesTheApi() throws Exception {
        Browser a = new Browser();
        Browser b = new Browser();
        assertThat(a.signIn(declare, "agent-a-nord", AGENT_A).statusCode()).isEqualTo(200);
        HttpResponse<String> bForm = b.signIn(declare, "agent-b-nord", AGENT_B);
        String bToken = Browser.csrfToken(bForm.body());

        // A's session (its cookies) posting B's token: what a page of another session would send.
        HttpResponse<String> sent = a.post(declare, declaration(bToken));

        assertThat(sent.statusCode()).isEqualTo(400);
        assertThat(posted()).isEmpty();
    }

    private static Map<String, String> declaration(String csrfToken) {
        return Browser.form("csrf-token", csrfToken, "action", "envoyer", "cle", "k-" + System.nanoTime(),
                "territoire", "department:59", "services", "15, 17, 18, 112", "titre_fr", "Numéros d’urgence injoignables",
                "description_fr", "Le 15, le 17, le 18 et le 112 ne répondent plus.", "gravite", "EXTREME");
    }

    private static JsonNode claims(String authorization) throws Exception {
        assertThat(authorization).startsWith("Bearer ");
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }
}
