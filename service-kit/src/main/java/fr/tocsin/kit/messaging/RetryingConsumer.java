package fr.tocsin.kit.messaging;

import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.event.MalformedEventException;
import fr.tocsin.contracts.json.SafeText;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.BeforeRetryHandler;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * How every Tocsin consumer applies an event: called from a {@code @Blocking} {@code @Incoming} method, so events are
 * applied one after another in partition order. While the database is down the event waits, and those after it, in
 * order, retried with backoff: a failure must not nack it, which would stop the channel (fail-stop) until the next
 * restart. An unreadable payload is logged and skipped (retrying cannot make it readable). Idempotence is the
 * applier's: snapshots carry a version and are applied only when newer.
 */
@ApplicationScoped
public class RetryingConsumer {

    /** Who consumes: its log category (tests capture the consumer's own) and what it applies ("an incident event"). */
    public record Site(Logger log, String event) {

        public static Site of(Class<?> consumer, String event) {
            return new Site(Logger.getLogger(consumer), event);
        }
    }

    @Retry(maxRetries = -1, delay = 200, jitter = 100, maxDuration = 1, durationUnit = ChronoUnit.DAYS)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    @BeforeRetry(RetryingConsumer.Retrying.class)
    public <T> void apply(Site site, String payload, Class<T> type, Consumer<T> applier) {
        T event;
        try {
            event = EventJson.read(payload, type);
        } catch (MalformedEventException e) {
            site.log().errorf("Skipping unreadable event (%s): %s", site.event(), SafeText.forLog(e.getMessage()));
            return;
        }
        applier.accept(event);
    }

    /**
     * Says the event waits, under the consumer's category. A handler class, not {@code methodName}: SmallRye accepts
     * only a method without parameters there and then calls it with the guarded method's argument, so the warning
     * was never logged.
     */
    @Dependent
    public static class Retrying implements BeforeRetryHandler {

        @Override
        public void handle(ExecutionContext context) {
            Site site = (Site) context.getParameters()[0];
            Throwable failure = context.getFailure();
            site.log().warnf("Cannot apply %s yet (database unavailable?); retrying after %s", site.event(),
                    failure == null ? "a failure" : failure.getClass().getName());
        }
    }
}
