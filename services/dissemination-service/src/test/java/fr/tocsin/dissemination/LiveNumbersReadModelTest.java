package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class LiveNumbersReadModelTest {

    @Test
    void theDepartmentPageShowsLiveNumbersAsTelLinksAndOnlyNewerSetsApply() {
        // 03 53 01 xx xx: a range ARCEP reserves for fiction.
        LiveNumber samu = new LiveNumber("15", 1, "+33353010059", "03 53 01 00 59", "SAMU du Nord <secours>",
                "24 h/24", List.of(UUID.randomUUID()));
        publish(new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                TerritoryRef.department("59"), 7, List.of(samu)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/departements/59").then()
                .statusCode(200)
                .body(containsString("<a class=\"tocsin-tel\" href=\"tel:+33353010059\">03 53 01 00 59</a>"))
                .body(containsString("SAMU du Nord &lt;secours&gt;")));
        given().get("/api/v1/notices?territory=59").then()
                .body("numbers[0].territory", equalTo("department:59"))
                .body("numbers[0].numbers[0].e164", equalTo("+33353010059"));
        // A commune of Nord sees its department's numbers; another department does not.
        given().get("/api/v1/notices?territory=commune:59350").then().body("numbers[0].territory", equalTo("department:59"));
        given().get("/api/v1/notices?territory=62").then().body("numbers.size()", equalTo(0));

        // An older set arriving late changes nothing; the newer, empty one withdraws the number.
        publish(new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                TerritoryRef.department("59"), 6, List.of()));
        publish(new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                TerritoryRef.department("62"), 1, List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.queryLong("dissemination",
                "select count(*) from live_numbers_view where territory = 'department:62'") == 1);
        given().get("/departements/59").then().body(containsString("tel:+33353010059"));
        publish(new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                TerritoryRef.department("59"), 8, List.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/departements/59").then().body(not(containsString("tel:+33353010059"))));
        assertThat(TestDatabase.queryLong("dissemination",
                "select version from live_numbers_view where territory = 'department:59'")).isEqualTo(8);
    }

    private static void publish(LiveNumbersEvent event) {
        TopicWriter.send(Topics.FALLBACK_NUMBERS, 0, event.key(), EventJson.write(event));
    }
}
