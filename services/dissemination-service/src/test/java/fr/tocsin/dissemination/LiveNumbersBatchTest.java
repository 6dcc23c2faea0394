package fr.tocsin.dissemination;

import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.readmodel.EventApplier;
import fr.tocsin.dissemination.readmodel.NoticeBoard;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * A consumer's batch of live-number sets (a national activation's 101 at once) is persisted in one transaction and
 * shown as one change of the board; a redelivered batch changes nothing, and within a batch only newer sets apply.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class LiveNumbersBatchTest {

    @Inject
    EventApplier applier;

    @Inject
    NoticeBoard board;

    @Test
    void aBatchIsOneChangeOfTheBoardAndItsRedeliveryChangesNothing() {
        // 04 65 71 xx xx: a range ARCEP reserves for fiction.
        List<LiveNumbersEvent> batch = List.of(set("971", 1, "+33465710101"), set("972", 1, "+33465710102"),
                set("973", 1, "+33465710103"));
        long before = board.version();
        applier.applyAll(batch);
        assertThat(board.version()).as("one change for the whole batch").isEqualTo(before + 1);
        given().get("/departements/972").then().statusCode(200).body(containsString("tel:+33465710102"));
        given().get("/api/v1/notices?territory=973").then().statusCode(200).body(containsString("+33465710103"));
        assertThat(TestDatabase.queryLong("dissemination", "select count(*) from live_numbers_view"
                + " where territory in ('department:971', 'department:972', 'department:973') and version = 1")).isEqualTo(3);

        applier.applyAll(batch);
        assertThat(board.version()).as("a redelivered batch is no change").isEqualTo(before + 1);

        // In one batch: an older set of 971 arriving late changes nothing, the newer empty one of 972 withdraws it.
        applier.applyAll(List.of(set("971", 0, "+33465710199"), new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION,
                UUID.randomUUID(), Instant.now(), TerritoryRef.department("972"), 2, List.of())));
        assertThat(board.version()).isEqualTo(before + 2);
        given().get("/departements/971").then().body(containsString("tel:+33465710101")).body(not(containsString("+33465710199")));
        given().get("/departements/972").then().body(not(containsString("tel:+33465710102")));
        assertThat(TestDatabase.queryLong("dissemination",
                "select version from live_numbers_view where territory = 'department:971'")).isEqualTo(1);
        assertThat(TestDatabase.queryLong("dissemination",
                "select version from live_numbers_view where territory = 'department:972'")).isEqualTo(2);
    }

    private static LiveNumbersEvent set(String department, long version, String e164) {
        String national = "0" + e164.substring(3, 4) + " " + e164.substring(4, 6) + " " + e164.substring(6, 8) + " "
                + e164.substring(8, 10) + " " + e164.substring(10, 12);
        return new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                TerritoryRef.department(department), version,
                List.of(new LiveNumber("15", 1, e164, national, "SAMU (démonstration)", "24 h/24", List.of(UUID.randomUUID()))));
    }
}
