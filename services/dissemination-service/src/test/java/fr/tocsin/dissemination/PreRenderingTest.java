package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.readmodel.NoticeBoard;
import fr.tocsin.dissemination.rendering.RenderCache;
import fr.tocsin.dissemination.rendering.Rendered;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** Pages people are reading are rendered when the event arrives, before anyone asks again. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class PreRenderingTest {

    @Inject
    RenderCache cache;

    @Inject
    NoticeBoard board;

    @Test
    void aPageSomeoneReadsIsReRenderedWhenItsNumbersGoLiveWithoutAnotherRequest() {
        given().get("/departements/44").then().statusCode(200);
        given().get("/api/v1/notices?territory=44").then().statusCode(200);
        String page = "page|department:44|fr";
        assertThat(cache.peek(page)).isPresent();

        // 02 61 91 xx xx: a range ARCEP reserves for fiction.
        LiveNumbersEvent numbers = new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(),
                Instant.now(), TerritoryRef.department("44"), System.currentTimeMillis(), List.of(new LiveNumber("15", 1,
                "+33261910044", "02 61 91 00 44", "SAMU de Loire-Atlantique", null, List.of())));
        TopicWriter.send(Topics.FALLBACK_NUMBERS, 0, numbers.key(), EventJson.write(numbers));

        await().atMost(Duration.ofSeconds(30)).until(() -> !board.liveNumbersAt(TerritoryRef.department("44")).isEmpty());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Rendered rendered = cache.peek(page).orElseThrow();
            assertThat(rendered.boardVersion()).isEqualTo(board.version());
            assertThat(new String(rendered.body(), StandardCharsets.UTF_8)).contains("href=\"tel:+33261910044\"");
        });
        // What is served is that very rendering.
        String etag = "\"" + cache.peek(page).orElseThrow().etag().replace("\"", "") + "\"";
        given().get("/departements/44").then().statusCode(200).header("ETag", etag)
                .body(containsString("02 61 91 00 44"));
    }
}
