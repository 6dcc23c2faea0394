package fr.tocsin.incident;

import fr.tocsin.testsupport.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Calls of the incident API as tests make them, one place for paths and headers. */
public final class IncidentApi {

    public static final String INCIDENTS = "/api/v1/incidents";

    private IncidentApi() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", Tokens.bearer(token)).contentType(ContentType.JSON);
    }

    public static String declarationIn(String title, String... territories) {
        return """
                {"title": {"fr": "%s"}, "description": {"fr": "Les numéros ne répondent plus."},
                 "services": ["15", "17", "18", "112"], "territories": [%s], "severity": "SEVERE"}
                """.formatted(title, String.join(", ", java.util.Arrays.stream(territories).map(t -> "\"" + t + "\"").toList()));
    }

    public static ValidatableResponse declare(String token, String body) {
        return as(token).body(body).post(INCIDENTS).then();
    }

    public static String declareId(String token, String body) {
        return declare(token, body).statusCode(201).extract().path("id");
    }

    public static String etag(String token, String id) {
        return as(token).get(INCIDENTS + "/" + id).then().statusCode(200).extract().header("ETag");
    }

    public static ValidatableResponse post(String token, String id, String action, String etag, String body) {
        RequestSpecification request = as(token);
        if (etag != null) {
            request = request.header("If-Match", etag);
        }
        return request.body(body == null ? "{}" : body).post(INCIDENTS + "/" + id + "/" + action).then();
    }
}
