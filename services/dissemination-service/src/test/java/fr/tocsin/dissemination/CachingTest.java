package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

/** Fresh and fast: served from memory with strong ETags, 304s, gzip, and no stale content after a change. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class CachingTest {

    @Test
    void revalidationGives304UntilSomethingChanges() {
        for (String path : List.of("/api/v1/notices?territory=80", "/departements/80", "/")) {
            String etag = given().get(path).then().statusCode(200)
                    .header("ETag", matchesPattern("\"[A-Za-z0-9_-]{22}\""))
                    .header("Cache-Control", containsString("stale-while-revalidate"))
                    .header("Cache-Control", containsString("stale-if-error"))
                    .extract().header("ETag");
            given().header("If-None-Match", etag).get(path).then().statusCode(304).body(emptyString());
            given().header("If-None-Match", "\"something-else\"").get(path).then().statusCode(200);
        }

        String before = given().get("/api/v1/notices?territory=80").then().extract().header("ETag");
        UUID id = UUID.randomUUID();
        IncidentEvent event = IncidentEvent.of(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE,
                "Somme sans 15", List.of("15"), "department:80"), Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
        // No TTL: the very next request after the event sees the new content under a new ETag.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("If-None-Match", before)
                .get("/api/v1/notices?territory=80").then().statusCode(200).body("incidents.id", hasItem(id.toString())));
        assertThat(given().get("/api/v1/notices?territory=80").then().extract().header("ETag")).isNotEqualTo(before);
    }

    @Test
    void gzipOnlyWhenAskedAndTheSameBytesOtherwise() {
        String plain = given().config(RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .header("Accept-Encoding", "identity").get("/departements/59").then().statusCode(200)
                .header("Content-Encoding", (String) null).extract().asString();
        assertThat(plain).contains("<html lang=\"fr\">");
        given().header("Accept-Encoding", "gzip").get("/departements/59").then().statusCode(200)
                .header("Content-Encoding", equalTo("gzip")).body(containsString("<html lang=\"fr\">"));
    }

    @Test
    void sinceReturnsOnlyWhatChangedAfter() {
        given().queryParam("territory", "80").queryParam("since", Instant.now().plusSeconds(3600).toString())
                .get("/api/v1/notices").then().statusCode(200).body("incidents.size()", equalTo(0));
        given().queryParam("since", "hier").get("/api/v1/notices").then().statusCode(400)
                .body("errors[0].field", equalTo("since"));
    }
}
