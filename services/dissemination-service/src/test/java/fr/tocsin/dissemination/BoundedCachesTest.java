package fr.tocsin.dissemination;

import fr.tocsin.dissemination.pages.PublicAssets;
import fr.tocsin.dissemination.rendering.RenderCache;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous requests cannot grow the service's memory: unknown asset names under a valid bundle are not remembered,
 * and {@code since} variants of the notices are rendered per request, not cached (issue #14, finding 8).
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class BoundedCachesTest {

    @Inject
    PublicAssets assets;

    @Inject
    RenderCache cache;

    @Test
    void unknownAssetNamesAreNeverCached() {
        String known = assets.own("tocsin.css");
        given().get(known).then().statusCode(200);
        int held = assets.cachedCount();
        String bundle = known.substring(0, known.lastIndexOf('/'));
        for (int i = 0; i < 300; i++) {
            given().get(bundle + "/absent-" + i + ".css").then().statusCode(404);
            given().get(assets.dsfr("absent/" + i + ".svg")).then().statusCode(404);
        }
        assertThat(assets.cachedCount()).isEqualTo(held);
        given().get(known).then().statusCode(200);
        assertThat(assets.cachedCount()).isEqualTo(held);
    }

    @Test
    void sinceVariantsOfTheNoticesAreNotCached() {
        given().queryParam("territory", "80").get("/api/v1/notices").then().statusCode(200);
        int held = cache.size();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 300; i++) {
            given().queryParam("territory", "80").queryParam("since", start.plusSeconds(i).toString())
                    .get("/api/v1/notices").then().statusCode(200);
        }
        assertThat(cache.size()).isEqualTo(held);
    }
}
