package fr.tocsin.incident;

import fr.tocsin.kit.outbox.OutboxEventEntity;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.tocsin.incident.IncidentApi.declareId;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * #17: the outbox gauges the "outbox older than 30 s" alert reads. With the relay paused (another "replica" holds the
 * relay lock) a declaration waits: backlog and age rise in /q/metrics; once the relay resumes both fall to 0.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class OutboxMetricsTest {

    @Test
    void backlogAndOldestAgeRiseWhileTheRelayIsPausedThenFallToZero() throws Exception {
        try (Connection otherReplica = TestDatabase.holdingAdvisoryLock("incident", OutboxEventEntity.RELAY_LOCK)) {
            declareId(Tokens.prefecture("63"), declarationIn("Relais en pause", "63"));
            await("backlog and age rise").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                String metrics = metrics();
                assertThat(gauge(metrics, "tocsin_outbox_backlog")).isGreaterThanOrEqualTo(1);
                assertThat(gauge(metrics, "tocsin_outbox_oldest_age_seconds")).isGreaterThanOrEqualTo(1.5);
            });
        }
        // Closing the session releases the lock: the relay sends, and the gauges say the outbox is empty.
        await("backlog and age back to 0").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = metrics();
            assertThat(gauge(metrics, "tocsin_outbox_backlog")).isZero();
            assertThat(gauge(metrics, "tocsin_outbox_oldest_age_seconds")).isZero();
        });
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in /q/metrics").isTrue();
        return Double.parseDouble(m.group(2));
    }
}
