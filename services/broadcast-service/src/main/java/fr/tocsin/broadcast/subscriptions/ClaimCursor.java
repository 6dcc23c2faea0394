package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.delivery.persistence.SubscriberLedger;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Where the sender loops of one instance claim from in the due index (#20). A claim walks the index from this cursor,
 * never from the start, where every message a fan-out claimed leaves a dead entry until VACUUM: claims from the start
 * cost O(n²) over a fan-out (617 ms each at 40,000 messages; 1.9 s at the tail of 100,000). What the cursor passed by
 * — a message whose lease ran out, one put back, a newer version that waited for an older one — is found by a claim from
 * the start, at most one per {@code rescanInterval} in this instance, and only when a claim from the cursor found
 * nothing.
 */
final class ClaimCursor {

    private final long rescanNanos;
    private final LongSupplier clock;
    private SubscriberLedger.Cursor position;
    private long lastRescan;
    private boolean rescanned;

    ClaimCursor(Duration rescanInterval) {
        this(rescanInterval, System::nanoTime);
    }

    ClaimCursor(Duration rescanInterval, LongSupplier clock) {
        this.rescanNanos = rescanInterval.toNanos();
        this.clock = clock;
    }

    /** Where to claim after; null until this instance claimed anything (then claims start from the start). */
    synchronized SubscriberLedger.Cursor position() {
        return position;
    }

    /** A claim from the cursor: the cursor moves to its last message, never back. */
    synchronized void advance(SubscriberLedger.Cursor last) {
        if (last != null && (position == null || last.compareTo(position) > 0)) {
            position = last;
        }
    }

    /**
     * Whether this loop may claim from the start now: always while nothing was claimed (no cursor yet), else once per
     * interval for the whole instance. Taking it counts as the interval's claim from the start.
     */
    synchronized boolean takeRescan() {
        long now = clock.getAsLong();
        if (position != null && rescanned && now - lastRescan < rescanNanos) {
            return false;
        }
        rescanned = true;
        lastRescan = now;
        return true;
    }

    /**
     * A claim from the start: the cursor moves to its last message, back if need be (what it passed by before the
     * claim lies behind that). Nothing claimed leaves it where it was.
     */
    synchronized void restart(SubscriberLedger.Cursor last) {
        if (last != null) {
            position = last;
        }
    }
}
