package fr.tocsin.dissemination.messaging;

import fr.tocsin.contracts.json.SafeText;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.event.MalformedEventException;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.dissemination.service.EventApplier;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.BeforeRetryHandler;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

@ApplicationScoped
public class IncidentEventConsumer {

    private static final Logger LOG = Logger.getLogger(IncidentEventConsumer.class);

    @Inject
    EventApplier applier;

    @Incoming(Channels.INCIDENTS_IN)
    @Blocking // ordered: one event after another, in partition order
    // While the database is down, the event waits (and those after it, in order) and the pages keep serving
    // the last known content from memory; nothing is skipped, nothing is applied without being persisted.
    @Retry(maxRetries = -1, delay = 200, jitter = 100, maxDuration = 1, durationUnit = java.time.temporal.ChronoUnit.DAYS)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = java.time.temporal.ChronoUnit.SECONDS)
    @BeforeRetry(IncidentEventConsumer.Retrying.class)
    public void consume(String payload) {
        IncidentEvent event;
        try {
            event = EventJson.read(payload, IncidentEvent.class);
        } catch (MalformedEventException e) {
            LOG.errorf("Skipping unreadable incident event: %s", SafeText.forLog(e.getMessage()));
            return;
        }
        applier.apply(event);
    }

    /**
     * Says the event waits. A handler class, not {@code methodName}: SmallRye accepts only a method without
     * parameters there and then calls it with the guarded method's argument, so the warning was never logged.
     */
    @Dependent
    public static class Retrying implements BeforeRetryHandler {

        @Override
        public void handle(ExecutionContext context) {
            Throwable failure = context.getFailure();
            LOG.warnf("Cannot apply an incident event yet (database unavailable?); retrying after %s",
                    failure == null ? "a failure" : failure.getClass().getName());
        }
    }
}
