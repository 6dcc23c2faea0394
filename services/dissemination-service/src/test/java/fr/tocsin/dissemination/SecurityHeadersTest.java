package fr.tocsin.dissemination;

import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Widget embedders in tests: nord.gouv.fr and pas-de-calais.gouv.fr (application.properties, %test). */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class SecurityHeadersTest {

    @Test
    void pagesCannotBeFramedAndLoadOnlyTheirOwnAssets() {
        for (String page : List.of("/", "/departements/59", "/en/departements/59", "/communes/59350", "/recherche?q=59000")) {
            secured(given().get(page).then().statusCode(200))
                    .header("Content-Security-Policy", allOf(containsString("default-src 'none'"),
                            containsString("script-src 'self'"), containsString("style-src 'self'"),
                            not(containsString("unsafe-inline")), endsWith("frame-ancestors 'none'")))
                    .header("X-Frame-Options", "DENY");
        }
    }

    @Test
    void onlyTheConfiguredSitesMayFrameTheWidget() {
        for (String widget : List.of("/widget/departements/59", "/en/widget/departements/62")) {
            secured(given().get(widget).then().statusCode(200))
                    .header("Content-Security-Policy",
                            endsWith("frame-ancestors https://www.nord.gouv.fr https://www.pas-de-calais.gouv.fr"))
                    .header("X-Frame-Options", nullValue());
        }
    }

    @Test
    void errorsFeedsAndAssetsAreCoveredToo() {
        secured(given().get("/incidents/" + UUID.randomUUID()).then().statusCode(404));
        secured(given().get("/departements/99x").then().statusCode(404));
        secured(given().get("/feeds/incidents.atom").then().statusCode(200));
        secured(given().get("/api/v1/notices").then().statusCode(200));
        secured(given().get("/cap/signing-key.pem").then().statusCode(200));
    }

    private static ValidatableResponse secured(ValidatableResponse response) {
        return response.header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Strict-Transport-Security", containsString("max-age="))
                .header("Referrer-Policy", equalTo("strict-origin-when-cross-origin"));
    }
}
