package fr.tocsin.dissemination;

import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The event-loop fast path answers exactly what the resources answer: same bytes, same headers, same 304s. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class FastPathTest {

    @Test
    void aCachedOutputIsServedIdenticallyByBothPaths() {
        for (String url : List.of("/departements/62", "/en/departements/62", "/communes/62041", "/api/v1/notices?territory=62", "/")) {
            for (String encoding : List.of("gzip", "identity")) {
                // The first request goes through the resource (it renders); the next one finds it current.
                Response first = given().header("Accept-Encoding", encoding).get(url);
                Response second = given().header("Accept-Encoding", encoding).get(url);
                assertThat(second.statusCode()).as(url).isEqualTo(200);
                assertThat(second.asByteArray()).as(url + " " + encoding).isEqualTo(first.asByteArray());
                for (String header : List.of("ETag", "Cache-Control", "Content-Type", "Content-Encoding", "Vary",
                        "X-Content-Type-Options")) {
                    assertThat(second.header(header)).as(url + " " + header).isEqualTo(first.header(header));
                }
                given().header("If-None-Match", second.header("ETag")).get(url).then().statusCode(304);
            }
        }
        // A department spelled another way still works, through the resource.
        given().get("/departements/2a").then().statusCode(200);
    }
}
