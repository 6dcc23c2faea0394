package fr.tocsin.incident;

import fr.tocsin.contracts.Topics;
import fr.tocsin.kit.outbox.OutboxEventEntity;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;

import static fr.tocsin.incident.IncidentApi.declareId;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With several replicas, only one relays the outbox at a time: here another "replica" holds the relay lock,
 * so this instance leaves the event in the outbox until the lock is released, then sends it.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class OutboxSingleRelayTest {

    @Test
    void anInstanceDoesNotRelayWhileAnotherHoldsTheRelayLock() throws Exception {
        String id;
        try (Connection otherReplica = TestDatabase.holdingAdvisoryLock("incident", OutboxEventEntity.RELAY_LOCK)) {
            id = declareId(Tokens.prefecture("62"), declarationIn("Relais unique", "62"));
            String declared = id;
            // Several poll periods (500 ms in tests) and the post-commit wake-up have passed.
            var whileLocked = TopicReader.readUntil(Topics.INCIDENTS, Duration.ofSeconds(3),
                    read -> read.stream().anyMatch(r -> declared.equals(r.key())));
            assertThat(whileLocked).noneMatch(r -> declared.equals(r.key()));
            assertThat(TestDatabase.queryLong("incident", "select count(*) from outbox_event where event_key = ?", declared))
                    .isEqualTo(1);
        }
        // Closing the session releases the lock, as a crashed replica's would be.
        String declared = id;
        var afterRelease = TopicReader.readUntil(Topics.INCIDENTS, Duration.ofSeconds(30),
                read -> read.stream().anyMatch(r -> declared.equals(r.key())));
        assertThat(afterRelease).filteredOn(r -> declared.equals(r.key())).hasSize(1);
    }
}
