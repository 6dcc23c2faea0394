package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.delivery.persistence.SubscriberLedger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The sender loops' cursor in the due index: claims from the start are rationed, the cursor never moves back by itself. */
class ClaimCursorTest {

    private static final Instant T = Instant.parse("2026-12-03T18:00:00Z");
    private final AtomicLong nanos = new AtomicLong();
    private final ClaimCursor cursor = new ClaimCursor(Duration.ofSeconds(5), nanos::get);

    private static SubscriberLedger.Cursor at(int seconds, String id) {
        return new SubscriberLedger.Cursor(T.plusSeconds(seconds), id);
    }

    @Test
    void withoutACursorEveryClaimStartsFromTheStart() {
        assertThat(cursor.position()).isNull();
        assertThat(cursor.takeRescan()).isTrue();
        assertThat(cursor.takeRescan()).as("nothing claimed yet: no cursor to claim from").isTrue();
        cursor.restart(null);
        assertThat(cursor.position()).isNull();
    }

    @Test
    void onceTheLoopsHaveACursorOneClaimFromTheStartPerInterval() {
        cursor.advance(at(0, "00000000-0000-0000-0000-000000000001"));
        assertThat(cursor.takeRescan()).isTrue();
        assertThat(cursor.takeRescan()).as("another loop, the same instant").isFalse();
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(cursor.takeRescan()).isFalse();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cursor.takeRescan()).as("the interval passed").isTrue();
        assertThat(cursor.takeRescan()).isFalse();
    }

    @Test
    void claimsFromTheCursorMoveItForwardOnlyAndAClaimFromTheStartMovesItBack() {
        SubscriberLedger.Cursor early = at(0, "00000000-0000-0000-0000-000000000009");
        SubscriberLedger.Cursor late = at(1, "00000000-0000-0000-0000-000000000001");
        cursor.advance(late);
        cursor.advance(early);
        assertThat(cursor.position()).as("a loop that claimed behind another does not pull the cursor back").isEqualTo(late);
        cursor.advance(null);
        assertThat(cursor.position()).isEqualTo(late);
        cursor.restart(early);
        assertThat(cursor.position()).as("what lay behind is claimed from there on").isEqualTo(early);
        cursor.restart(null);
        assertThat(cursor.position()).as("a claim from the start that found nothing").isEqualTo(early);
    }
}
