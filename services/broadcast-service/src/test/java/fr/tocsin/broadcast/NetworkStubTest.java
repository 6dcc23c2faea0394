package fr.tocsin.broadcast;

import com.github.tomakehurst.wiremock.WireMockServer;
import fr.tocsin.testsupport.Tokens;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Tests that post to social networks: the WireMock server of {@link NetworkStubs} (declared by each subclass with
 * {@code @WithTestResource(NetworkStubs.class)}) stands in for the networks' APIs, emptied after each test, and the accounts a test registers through the API are disabled after it, so no test posts to
 * another's accounts or reads another's requests.
 */
abstract class NetworkStubTest {

    static WireMockServer wiremock;
    private final List<String> accounts = new ArrayList<>();

    @BeforeAll
    static void networks() {
        wiremock = NetworkStubs.server();
        wiremock.resetAll();
    }

    @AfterEach
    void disableAccountsAndForgetRequests() {
        accounts.forEach(id -> given().header("Authorization", Tokens.bearer(Tokens.ministry()))
                .delete("/api/v1/social-accounts/" + id).then().statusCode(204));
        accounts.clear();
        wiremock.resetAll();
    }

    /** Registers an account as a ministry would (POST /api/v1/social-accounts), disabled after the test. */
    void registerAccount(Map<String, Object> body) {
        accounts.add(given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType(ContentType.JSON).body(body)
                .post("/api/v1/social-accounts").then().statusCode(201).extract().path("id"));
    }
}
