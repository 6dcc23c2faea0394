package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class EnglishPagesAndAssetsTest {

    @Test
    void everyPageExistsInEnglishWithTheIncidentsOwnEnglishText() {
        UUID id = UUID.randomUUID();
        IncidentSnapshot french = Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Le 17 ne répond plus", List.of("17"),
                "department:35");
        IncidentSnapshot bilingual = new IncidentSnapshot(french.id(), french.reference(), french.version(), french.status(),
                french.mode(), french.category(), new LocalizedText("Le 17 ne répond plus", "Police number 17 is down"),
                french.description(), french.instructions(), french.services(), french.territories(), french.severity(),
                french.urgency(), french.certainty(), french.authority(), french.detectedAt(), french.declaredAt(), french.publishedAt(),
                french.expectedEndAt(), french.resolvedAt(), french.updatedAt(), french.timeline());
        IncidentEvent event = IncidentEvent.of(IncidentEventType.DECLARED, bilingual, Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/en/departements/35").then()
                .statusCode(200)
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("Ille-et-Vilaine (35): what to do now"))
                .body(containsString("Police number 17 is down"))
                .body(containsString("Police (17)"))
                .body(containsString("href=\"/en/incidents/" + id + "\""))
                // the way back to French, marked as French for screen readers
                .body(containsString("<a class=\"fr-link\" href=\"/departements/35\" hreflang=\"fr\" lang=\"fr\">Français</a>")));
        given().get("/departements/35").then().statusCode(200)
                .body(containsString("<html lang=\"fr\">"))
                .body(containsString("Ille-et-Vilaine (35) : que faire maintenant"))
                .body(containsString("Le 17 ne répond plus"))
                .body(not(containsString("Police number 17 is down")))
                .body(containsString("href=\"/en/departements/35\" hreflang=\"en\" lang=\"en\">English</a>"));
        // No English description was given: the French one stands in.
        given().get("/en/incidents/" + id).then().statusCode(200)
                .body(containsString("Police number 17 is down"))
                .body(containsString(french.description().fr()))
                .body(containsString("In progress"));
        given().get("/en").then().statusCode(200).body(containsString("Public service outages in progress"))
                .body(containsString("action=\"/en/recherche\""));
        given().redirects().follow(false).get("/en/recherche?q=14000").then().statusCode(303)
                .header("Location", containsString("/en/departements/14"));
        given().get("/en/en/departements/35").then().statusCode(404);
    }

    @Test
    void stylesFontsAndIconsAreServedFromVersionedUrlsCachedForAYear() {
        String page = given().get("/").then().statusCode(200).extract().asString();
        Matcher stylesheets = Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]+)\">").matcher(page);
        int count = 0;
        String core = null;
        while (stylesheets.find()) {
            count++;
            String url = stylesheets.group(1);
            assertThat(url).matches("/static/(dsfr-\\d+\\.\\d+\\.\\d+|tocsin-[0-9a-f]{12})/.+\\.css");
            given().header("Accept-Encoding", "gzip").get(url).then().statusCode(200)
                    .contentType(startsWith("text/css"))
                    .header("Cache-Control", equalTo("public, max-age=31536000, immutable"))
                    .header("Content-Encoding", equalTo("gzip"))
                    .header("ETag", startsWith("\""));
            if (url.endsWith("/core/core.min.css")) {
                core = url;
            }
        }
        assertThat(count).as("DSFR core, components and Tocsin's own stylesheet").isGreaterThan(5);
        assertThat(core).isNotNull();

        // A font the core stylesheet references by a relative URL resolves inside the same versioned tree.
        String css = given().get(core).then().extract().asString();
        Matcher font = Pattern.compile("url\\((\\.\\./fonts/Marianne-Regular\\.woff2)\\)").matcher(css);
        assertThat(font.find()).isTrue();
        String fontUrl = core.replace("core/core.min.css", "fonts/Marianne-Regular.woff2");
        Response woff2 = given().header("Accept-Encoding", "gzip").get(fontUrl);
        assertThat(woff2.statusCode()).isEqualTo(200);
        assertThat(woff2.contentType()).isEqualTo("font/woff2");
        assertThat(woff2.header("Content-Encoding")).as("fonts are compressed already").isNull();
        String etag = woff2.header("ETag");
        given().header("If-None-Match", etag).get(fontUrl).then().statusCode(304);

        // Another version, another tree, or a way out of it: nothing.
        given().get(core.replaceFirst("dsfr-[^/]+", "dsfr-0.0.1")).then().statusCode(404);
        given().get("/static/tocsin-000000000000/tocsin.css").then().statusCode(404);
        given().urlEncodingEnabled(false).get(core.replace("core/core.min.css", "..%2F..%2Fapplication.properties"))
                .then().statusCode(404);
        given().get(core.replace("core/core.min.css", "stylesheets.txt")).then().statusCode(404);
    }
}
