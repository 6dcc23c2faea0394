package fr.tocsin.broadcast;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.broadcast.incidents.IncidentFollower;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
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
 * Versioned-snapshot idempotence of what broadcast-service follows, in its own tables: a new public version plans its
 * posts once; the same version again, an older one or a version never released plans nothing (whatever the consumer
 * group redelivers). Hautes-Alpes (05) is this class's own: no other test of the module posts there.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
@WithTestResource(NetworkStubs.class)
class IncidentFollowerTest extends NetworkStubTest {

    private static final String HOOK = "/hooks/hautes-alpes";

    @Inject
    IncidentFollower follower;

    @Test
    void onlyANewerReleasedVersionPlansPosts() {
        wiremock.stubFor(post(HOOK).willReturn(aResponse().withStatus(204)));
        registerAccount(Map.of("network", "WEBHOOK", "territory", "department:05", "name", "Partenaire Hautes-Alpes "
                + UUID.randomUUID(), "baseUrl", wiremock.baseUrl() + HOOK, "credentials", "test-webhook"));
        UUID id = UUID.randomUUID();
        String title = "Le 18 ne répond plus dans les Hautes-Alpes";

        assertThat(follower.apply(event(Incidents.snapshot(id, 1, IncidentStatus.DRAFT, title, List.of("18"), "department:05"))))
                .as("a draft is never public").isZero();
        IncidentSnapshot declared = Incidents.snapshot(id, 2, IncidentStatus.ACTIVE, title, List.of("18"), "department:05");
        assertThat(follower.apply(event(declared))).isEqualTo(1);
        assertThat(follower.apply(event(declared))).as("the same version redelivered").isZero();
        assertThat(follower.apply(event(Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, title, List.of("18"), "department:05"))))
                .as("an older version, late").isZero();
        assertThat(follower.apply(event(unreleased(Incidents.snapshot(id, 3, IncidentStatus.MONITORING, title + " (brouillon)",
                List.of("18"), "department:05"))))).as("a version not released").isZero();
        IncidentSnapshot resolved = Incidents.snapshot(id, 4, IncidentStatus.RESOLVED, title, List.of("18"), "department:05");
        assertThat(follower.apply(event(resolved))).isEqualTo(1);
        assertThat(follower.apply(event(resolved))).isZero();
        assertThat(TestDatabase.queryLong("broadcast", "select version from incident_snapshot where id = ?", id)).isEqualTo(4);

        // The live numbers of the territory: the same, for their own versions.
        LiveNumbersEvent numbers = numbers(5, "+33353010505");
        assertThat(follower.apply(numbers)).isEqualTo(1);
        assertThat(follower.apply(numbers)).isZero();
        assertThat(follower.apply(numbers(4, "+33353010504"))).as("older numbers").isZero();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hooks()).hasSize(3));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hooks()).hasSize(3));
        assertThat(hooks()).extracting(LoggedRequest::getBodyAsString).anySatisfy(body -> assertThat(body)
                        .contains("\"type\":\"tocsin.declared\"").contains("\"version\":2"))
                .anySatisfy(body -> assertThat(body).contains("\"type\":\"tocsin.ended\"").contains("\"version\":4"))
                .anySatisfy(body -> assertThat(body).contains("\"type\":\"tocsin.numbers\"").contains("03 53 01 05 05"))
                .noneSatisfy(body -> assertThat(body).contains("brouillon"));
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from delivery where subject = ?", id.toString()))
                .isEqualTo(2);
    }

    private List<LoggedRequest> hooks() {
        return wiremock.findAll(postRequestedFor(urlEqualTo(HOOK)));
    }

    private static IncidentEvent event(IncidentSnapshot snapshot) {
        return IncidentEvent.of(IncidentEventType.UPDATED, snapshot, Instant.now());
    }

    private static LiveNumbersEvent numbers(long version, String number) {
        String national = "0" + number.substring(3, 4) + " " + number.substring(4, 6) + " " + number.substring(6, 8) + " "
                + number.substring(8, 10) + " " + number.substring(10, 12);
        return new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                TerritoryRef.department("05"), version,
                List.of(new LiveNumber("18", 1, number, national, "Pompiers des Hautes-Alpes", null, List.of())));
    }

    /** As incident-service publishes a version awaiting approval: not published. */
    private static IncidentSnapshot unreleased(IncidentSnapshot s) {
        return new IncidentSnapshot(s.id(), s.reference(), s.version(), s.status(), s.mode(), s.category(), s.title(),
                s.description(), s.instructions(), s.services(), s.territories(), s.severity(), s.urgency(),
                s.certainty(), s.authority(), s.detectedAt(), s.declaredAt(), null, s.expectedEndAt(), s.resolvedAt(),
                s.updatedAt(), s.timeline());
    }
}
