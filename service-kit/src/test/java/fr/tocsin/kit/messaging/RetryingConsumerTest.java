package fr.tocsin.kit.messaging;

import fr.tocsin.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The retry every consumer applies its events with: an event that fails waits and is tried again, in order, until it
 * is applied; once the application stops, it is not retried any more, even from the middle of a wait, and is left
 * unacknowledged (an exception reaches the messaging runtime). Before the fix the retries went on through the whole
 * shutdown grace period (about 20 s in bench/rollout.sh).
 */
class RetryingConsumerTest {

    record Ping(String id) {
    }

    private static final String PAYLOAD = "{\"id\":\"ping-1\"}";

    /** A log category of this test's own, so no other class's records are read. */
    private final RetryingConsumer.Site site = RetryingConsumer.Site.of(Ping.class, "a test ping");
    private final LogCapture warnings = LogCapture.at(Ping.class, Level.WARNING);

    @AfterEach
    void release() {
        warnings.close();
    }

    @Test
    void anEventThatFailsWaitsAndIsAppliedOnceItCanBe() {
        RetryingConsumer consumer = new RetryingConsumer();
        AtomicInteger attempts = new AtomicInteger();
        List<String> applied = new CopyOnWriteArrayList<>();
        consumer.apply(site, PAYLOAD, Ping.class, ping -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("database down");
            }
            applied.add(ping.id());
        });
        assertThat(applied).containsExactly("ping-1");
        assertThat(warnings.messages()).hasSize(2).allMatch(line -> line.equals(
                "Cannot apply a test ping yet (database unavailable?); retrying after java.lang.IllegalStateException"));
    }

    @Test
    void aBatchSkipsItsUnreadableEventsAndWaitsWholeUntilItCanBeApplied() {
        RetryingConsumer consumer = new RetryingConsumer();
        AtomicInteger attempts = new AtomicInteger();
        List<List<String>> applied = new CopyOnWriteArrayList<>();
        consumer.applyAll(site, List.of(PAYLOAD, "not json", "{\"id\":\"ping-2\"}"), Ping.class, pings -> {
            if (attempts.incrementAndGet() < 2) {
                throw new IllegalStateException("database down");
            }
            applied.add(pings.stream().map(Ping::id).toList());
        });
        assertThat(applied).as("one application of the readable events, in their order")
                .containsExactly(List.of("ping-1", "ping-2"));
        assertThat(attempts).hasValue(2);
        assertThat(warnings.messages()).anyMatch(line -> line.startsWith("Skipping unreadable event (a test ping)"))
                .anyMatch(line -> line.startsWith("Cannot apply a test ping yet"));
    }

    @Test
    void theStopEndsTheRetriesAtOnceFromTheMiddleOfAWaitAndLeavesTheEventUnacknowledged() throws Exception {
        RetryingConsumer consumer = new RetryingConsumer();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<Void> consuming = consume(consumer, attempts);
        // Three attempts: it now waits about 800 ms, then 1.6 s, 3.2 s… up to 10 s.
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 3);

        long stoppedAt = System.nanoTime();
        consumer.stop();
        assertThatThrownBy(() -> consuming.get(1, TimeUnit.SECONDS)).as("the retry ends within a second of the stop")
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RetryingConsumer.Stopped.class)
                .hasMessageContaining("a test ping not applied").cause().hasMessage("database down");
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(1));
        int tried = attempts.get();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> attempts.get() == tried);
    }

    @Test
    void afterTheStopAnEventIsTriedOnceAndNotRetried() {
        RetryingConsumer consumer = new RetryingConsumer();
        consumer.stop();
        List<String> applied = new CopyOnWriteArrayList<>();
        consumer.apply(site, PAYLOAD, Ping.class, ping -> applied.add(ping.id()));
        assertThat(applied).as("a database that answers still gets the event").containsExactly("ping-1");

        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> consume(consumer, attempts).get(1, TimeUnit.SECONDS)).as("no wait, no retry")
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RetryingConsumer.Stopped.class);
        assertThat(attempts).hasValue(1);
        assertThat(warnings.messages()).as("no retry announced").isEmpty();
    }

    /**
     * Applies a ping whose applier always fails (a database that stays down), on a daemon thread, so a failing run
     * (retrying for ever) neither blocks the test nor outlives it.
     */
    private CompletableFuture<Void> consume(RetryingConsumer consumer, AtomicInteger attempts) {
        CompletableFuture<Void> consuming = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                consumer.apply(site, PAYLOAD, Ping.class, ping -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("database down");
                });
                consuming.complete(null);
            } catch (RuntimeException e) {
                consuming.completeExceptionally(e);
            }
        }, "test-consumer");
        thread.setDaemon(true);
        thread.start();
        return consuming;
    }

    @Test
    void anUnreadableEventIsSkippedNotRetried() {
        RetryingConsumer consumer = new RetryingConsumer();
        AtomicInteger attempts = new AtomicInteger();
        consumer.apply(site, "{not json", Ping.class, ping -> attempts.incrementAndGet());
        assertThat(attempts).hasValue(0);
        assertThat(warnings.messages()).singleElement().asString().startsWith("Skipping unreadable event (a test ping)");
    }
}
