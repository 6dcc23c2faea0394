package fr.tocsin.broadcast;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.broadcast.incidents.IncidentFollower;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #22: planned works are announced when their plan is published, in words of their own (no warning sign, no
 * outage), then followed in the same thread when they begin and end. Ardèche (07) is this class's own.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
@WithTestResource(NetworkStubs.class)
class PlannedWorksPostTest extends NetworkStubTest {

    private static final String HOOK = "/hooks/ardeche";

    @Inject
    IncidentFollower follower;

    @Test
    void thePlanIsAnnouncedThenItsStartAndEndFollow() {
        wiremock.stubFor(post(HOOK).willReturn(aResponse().withStatus(204)));
        registerAccount(Map.of("network", "WEBHOOK", "territory", "department:07", "name", "Partenaire Ardèche "
                + UUID.randomUUID(), "baseUrl", wiremock.baseUrl() + HOOK, "credentials", "test-webhook"));
        UUID id = UUID.randomUUID();
        String title = "Changement du standard téléphonique";
        Instant start = Instant.parse("2026-12-08T01:00:00Z");
        Instant end = Instant.parse("2026-12-08T03:00:00Z");

        assertThat(follower.apply(event(Incidents.planned(id, 1, IncidentStatus.SCHEDULED, title, start, end,
                List.of("mairie"), "department:07")))).as("the plan, announced").isEqualTo(1);
        assertThat(follower.apply(event(Incidents.planned(id, 2, IncidentStatus.ACTIVE, title, start, end,
                List.of("mairie"), "department:07")))).as("the start").isEqualTo(1);
        assertThat(follower.apply(event(Incidents.planned(id, 3, IncidentStatus.RESOLVED, title, start, end,
                List.of("mairie"), "department:07")))).as("the end").isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hooks()).hasSize(3));
        List<String> bodies = hooks().stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(LoggedRequest::getBodyAsString).toList();
        assertThat(bodies.getFirst()).contains("Travaux programmés : " + title)
                .contains("Du mardi 8 décembre 2026 à 02h00 au mardi 8 décembre 2026 à 04h00 (heure de Paris).")
                .doesNotContain("⚠️").doesNotContainIgnoringCase("injoignable");
        assertThat(bodies).anySatisfy(body -> assertThat(body).contains("\"version\":3").contains("Service rétabli"));

        // Cancelled before it began: those who saw the plan read that it is off.
        UUID cancelled = UUID.randomUUID();
        follower.apply(event(Incidents.planned(cancelled, 1, IncidentStatus.SCHEDULED, title, start, end,
                List.of("mairie"), "department:07")));
        assertThat(follower.apply(event(Incidents.planned(cancelled, 2, IncidentStatus.CANCELLED, title, start, end,
                List.of("mairie"), "department:07")))).isEqualTo(1);
    }

    private List<LoggedRequest> hooks() {
        return wiremock.findAll(postRequestedFor(urlEqualTo(HOOK)));
    }

    private static IncidentEvent event(IncidentSnapshot snapshot) {
        return IncidentEvent.of(IncidentEventType.UPDATED, snapshot, Instant.now());
    }
}
