package fr.tocsin.e2e;

import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The thin path through all three packaged services: an authority declares an incident, the citizen page
 * and the prefecture API show it, and the fallback service has recorded it.
 */
class EndToEndIT {

    static LocalStack stack;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() {
        stack = E2eStack.get();
    }

    @Test
    void declaredIncidentReachesThePublicPageTheNoticesApiAndTheFallbackService() throws Exception {
        String title = "Numéros d'urgence injoignables — test " + System.nanoTime();
        HttpResponse<String> declared = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.service("incident-service").url() + "/api/v1/incidents"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + JwtKeys.loadOrCreate(stack.keysDirectory()).token("prefet-59",
                        "Préfet du Nord", "prefecture", List.of("department:59"), "Préfecture du Nord", Duration.ofMinutes(5)))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"title": {"fr": "%s"},
                         "description": {"fr": "Les 15, 17, 18 et 112 ne répondent plus dans le Nord."},
                         "services": ["15", "17", "18", "112"],
                         "territories": ["department:59"]}
                        """.formatted(title))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        Matcher idMatch = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(declared.body());
        assertThat(idMatch.find()).isTrue();
        String id = idMatch.group(1);

        String public_ = stack.service("dissemination-service").url();
        // The incident's id also appears in the live numbers it activated, which may arrive first: wait for the
        // incident itself, on every public output.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(get(public_ + "/api/v1/notices?territory=59")).contains("\"reference\"").contains(id);
            assertThat(get(public_ + "/departements/59")).contains(title.replace("'", "&#39;"));
            assertThat(get(public_ + "/")).contains(title.replace("'", "&#39;"));
        });
        // A department the incident does not concern stays quiet.
        assertThat(get(public_ + "/api/v1/notices?territory=14")).doesNotContain(id);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var c = DriverManager.getConnection(stack.jdbcUrl("fallback"), stack.jdbcUser(), stack.jdbcPassword());
                 var q = c.prepareStatement("select version, status from incident_state where id = ?::uuid")) {
                q.setString(1, id);
                try (var rs = q.executeQuery()) {
                    assertThat(rs.next()).as("fallback-service recorded the incident").isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                    assertThat(rs.getString(2)).isEqualTo("ACTIVE");
                }
            }
        });
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
