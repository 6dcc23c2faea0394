package fr.tocsin.kit.messaging;

import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.event.MalformedEventException;
import fr.tocsin.contracts.json.SafeText;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How every Tocsin consumer applies an event: called from a {@code @Blocking} {@code @Incoming} method, so events are
 * applied one after another in partition order. While the database is down the event waits, and those after it, in
 * order, retried with backoff (200 ms doubling up to 10 s, jitter 100 ms), without end: a failure must not nack it,
 * which would stop the channel (fail-stop) until the next restart. An unreadable payload is logged and skipped
 * (retrying cannot make it readable). Idempotence is the applier's: snapshots carry a version and are applied only
 * when newer.
 *
 * <p>Once the application stops, an event that fails is no longer retried: {@link Stopped} is thrown at once, even
 * from the middle of a wait, so the message is never acknowledged and is delivered again after the restart, and the
 * shutdown does not wait for the database (it used to go on retrying for the whole grace period). SmallRye Fault
 * Tolerance's synchronous {@code @Retry} waits in {@code Thread.sleep}, which only an interrupt would end, and
 * interrupting a thread the messaging runtime owns, possibly in the middle of a JDBC call, is worse than this loop.
 */
@ApplicationScoped
public class RetryingConsumer {

    static final Duration FIRST_DELAY = Duration.ofMillis(200);
    static final Duration MAX_DELAY = Duration.ofSeconds(10);
    static final long JITTER_MILLIS = 100;

    /** Counted down when the application stops: every wait ends at once. */
    private final CountDownLatch stopping = new CountDownLatch(1);

    /** Who consumes: its log category (tests capture the consumer's own) and what it applies ("an incident event"). */
    public record Site(Logger log, String event) {

        public static Site of(Class<?> consumer, String event) {
            return new Site(Logger.getLogger(consumer), event);
        }
    }

    /** The application stops while an event waits to be applied: it is left unacknowledged for the next start. */
    public static class Stopped extends RuntimeException {

        Stopped(String event, RuntimeException lastFailure) {
            super("Stopping: " + event + " not applied, delivered again after the restart", lastFailure);
        }
    }

    public <T> void apply(Site site, String payload, Class<T> type, Consumer<T> applier) {
        T event = read(site, payload, type);
        if (event != null) {
            retry(site, () -> applier.accept(event));
        }
    }

    /**
     * A batch of events (one poll's records, in partition order), applied at once: one transaction and one commit
     * for the batch instead of one per event. The unreadable ones are logged and skipped, the others retried together
     * like one event, so a batch is applied whole or waits whole; redelivering it changes nothing (the applier's
     * versions).
     */
    public <T> void applyAll(Site site, List<String> payloads, Class<T> type, Consumer<List<T>> applier) {
        List<T> events = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            T event = read(site, payload, type);
            if (event != null) {
                events.add(event);
            }
        }
        if (!events.isEmpty()) {
            retry(site, () -> applier.accept(events));
        }
    }

    /** @return the event, or null (logged) when it is unreadable */
    private static <T> T read(Site site, String payload, Class<T> type) {
        try {
            return EventJson.read(payload, type);
        } catch (MalformedEventException e) {
            site.log().errorf("Skipping unreadable event (%s): %s", site.event(), SafeText.forLog(e.getMessage()));
            return null;
        }
    }

    private void retry(Site site, Runnable apply) {
        long delay = FIRST_DELAY.toMillis();
        while (true) {
            try {
                apply.run();
                return;
            } catch (RuntimeException failure) {
                if (stopping.getCount() == 0) {
                    throw new Stopped(site.event(), failure);
                }
                site.log().warnf("Cannot apply %s yet (database unavailable?); retrying after %s", site.event(),
                        failure.getClass().getName());
                long wait = Math.max(0, delay + ThreadLocalRandom.current().nextLong(-JITTER_MILLIS, JITTER_MILLIS + 1));
                if (await(wait)) {
                    throw new Stopped(site.event(), failure);
                }
                delay = Math.min(delay * 2, MAX_DELAY.toMillis());
            }
        }
    }

    /** Ends every wait at once and every retry after it. Observed on shutdown; for tests, callable directly. */
    void stop() {
        stopping.countDown();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** @return whether the application is stopping (the wait ended early) */
    private boolean await(long millis) {
        try {
            return stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
