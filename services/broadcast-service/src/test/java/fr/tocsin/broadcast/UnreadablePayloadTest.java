package fr.tocsin.broadcast;

import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery whose payload the worker cannot read (no "parts": planned by another version, or edited by hand, as
 * AuditTrailTest's redriven row is) is parked as FAILED with a reason, once; it used to throw in the worker, roll back
 * and be claimed again every poll interval, forever.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
@WithTestResource(NetworkStubs.class)
class UnreadablePayloadTest extends NetworkStubTest {

    @Test
    void aDeliveryWithoutPartsIsParkedWithAReasonNotRetriedForever() {
        wiremock.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(204)));
        registerAccount(Map.of("network", "WEBHOOK", "territory", "department:2A", "name", "Partenaire Corse-du-Sud "
                + UUID.randomUUID(), "baseUrl", wiremock.baseUrl() + "/hooks/unreadable", "credentials", "test-webhook"));
        String account = given().header("Authorization", Tokens.bearer(Tokens.ministry())).get("/api/v1/social-accounts")
                .then().statusCode(200).extract().jsonPath()
                .getString("find { it.baseUrl?.endsWith('/hooks/unreadable') }.id");
        List<String> payloads = List.of("[]", "{}", "{\"parts\": []}", "{\"parts\": [1, 2]}", "{\"parts\": \"text\"}");
        List<String> subjects = payloads.stream().map(payload -> {
            String subject = UUID.randomUUID().toString();
            TestDatabase.execute("broadcast", "insert into delivery (id, account_id, subject, version, kind, status, payload) "
                    + "values ('" + UUID.randomUUID() + "', '" + account + "', '" + subject + "', 1, 'DECLARED', 'PENDING', '"
                    + payload + "')");
            return subject;
        }).toList();

        for (String subject : subjects) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .header("Authorization", Tokens.bearer(Tokens.ministry())).queryParam("subject", subject)
                    .get("/api/v1/deliveries").then().statusCode(200)
                    .body("[0].status", org.hamcrest.Matchers.equalTo("FAILED"))
                    .body("[0].lastError", org.hamcrest.Matchers.startsWith("unreadable payload")));
        }
        String where = "subject in ('" + String.join("', '", subjects) + "')";
        long attempts = TestDatabase.queryLong("broadcast", "select sum(attempts) from delivery where " + where);
        // Parked for good: not claimed again (no attempt counted, nothing sent), whatever the poll interval.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(TestDatabase.queryLong("broadcast", "select count(*) from delivery where status <> 'FAILED' and "
                    + where)).isZero();
            assertThat(TestDatabase.queryLong("broadcast", "select sum(attempts) from delivery where " + where))
                    .isEqualTo(attempts);
        });
        assertThat(wiremock.findAll(postRequestedFor(urlEqualTo("/hooks/unreadable")))).isEmpty();
    }
}
