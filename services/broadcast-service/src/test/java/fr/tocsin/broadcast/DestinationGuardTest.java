package fr.tocsin.broadcast;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * With the production rule (the default: {@code tocsin.social.allow-insecure-destinations} off), a partner endpoint
 * on this machine is refused at registration, and an account that already points there (its name re-pointed at a
 * private address after registration, say) gets nothing at send time: its delivery fails with a reason naming the
 * host only (issue #14, finding 6). Indre-et-Loire (37) is used by no other test.
 */
@QuarkusTest
@TestProfile(StrictDestinations.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
class DestinationGuardTest {

    WireMockServer partner;

    @BeforeEach
    void startPartner() {
        partner = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        partner.start();
        partner.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stopPartner() {
        partner.stop();
    }

    @Test
    void byDefaultALocalDestinationIsRefusedAtRegistration() {
        long before = TestDatabase.queryLong("broadcast", "select count(*) from social_account");
        for (String url : List.of(partner.baseUrl() + "/hook", "https://127.0.0.1:" + partner.port() + "/hook",
                "https://localhost:" + partner.port() + "/hook")) {
            given().header("Authorization", Tokens.bearer(Tokens.ministry())).contentType(ContentType.JSON)
                    .body(Map.of("network", "WEBHOOK", "territory", "department:37", "name", "Partenaire local",
                            "baseUrl", url, "credentials", "test-webhook"))
                    .post("/api/v1/social-accounts").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("baseUrl"));
        }
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from social_account")).isEqualTo(before);
        assertThat(partner.getAllServeEvents()).isEmpty();
    }

    @Test
    void anAccountThatNowResolvesInsideGetsNothingAndItsDeliveryFailsWithAHostOnlyReason() {
        UUID account = UUID.randomUUID();
        TestDatabase.execute("broadcast", "insert into social_account (id, network, territory, name, base_url, credentials, "
                + "language, test_only, enabled, created_at) values ('" + account + "', 'WEBHOOK', 'department:37', "
                + "'Partenaire re-pointé', 'https://localhost:" + partner.port() + "/hooks/secret-path', 'test-webhook', 'fr', "
                + "false, true, now())");
        try {
            UUID id = UUID.randomUUID();
            IncidentEvent event = IncidentEvent.of(IncidentEventType.DECLARED, Incidents.snapshot(id, 1, IncidentStatus.ACTIVE,
                    "Le 18 ne répond plus en Indre-et-Loire", List.of("18"), "department:37"), Instant.now());
            TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .header("Authorization", Tokens.bearer(Tokens.ministry())).get("/api/v1/deliveries?incident=" + id)
                    .then().statusCode(200)
                    .body("[0].status", equalTo("FAILED"))
                    .body("[0].attempts", equalTo(1))
                    .body("[0].lastError", allOf(containsString("destination refused"), containsString("localhost"),
                            containsString("loopback"), not(containsString("secret-path")))));
            assertThat(partner.getAllServeEvents()).as("nothing sent").isEmpty();
        } finally {
            TestDatabase.execute("broadcast", "update social_account set enabled = false where id = '" + account + "'");
        }
    }
}
