package fr.tocsin.dissemination.messaging;

import fr.tocsin.contracts.json.SafeText;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.event.MalformedEventException;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.dissemination.service.EventApplier;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

@ApplicationScoped
public class LiveNumbersConsumer {

    private static final Logger LOG = Logger.getLogger(LiveNumbersConsumer.class);

    @Inject
    EventApplier applier;

    @Incoming(Channels.NUMBERS_IN)
    @Blocking // ordered: one event after another, in partition order
    // While the database is down, the event waits (and those after it, in order) and the pages keep serving
    // the last known content from memory; nothing is skipped, nothing is applied without being persisted.
    @Retry(maxRetries = -1, delay = 200, jitter = 100, maxDuration = 1, durationUnit = java.time.temporal.ChronoUnit.DAYS)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = java.time.temporal.ChronoUnit.SECONDS)
    @BeforeRetry(methodName = "retrying")
    public void consume(String payload) {
        try {
            LiveNumbersEvent set = EventJson.read(payload, LiveNumbersEvent.class);
            applier.apply(set);
        } catch (MalformedEventException e) {
            LOG.errorf("Skipping unreadable live-numbers event: %s", SafeText.forLog(e.getMessage()));
        }
    }

    void retrying() {
        LOG.warn("Cannot apply a live-numbers event yet (database unavailable?); retrying");
    }
}
