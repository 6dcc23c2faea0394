package fr.tocsin.dissemination.readmodel;

import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.kit.messaging.RetryingConsumer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class IncidentEventConsumer {

    private static final RetryingConsumer.Site SITE = RetryingConsumer.Site.of(IncidentEventConsumer.class,
            "an incident event");

    @Inject
    EventApplier applier;

    @Inject
    RetryingConsumer retrying;

    @Incoming(Channels.INCIDENTS_IN)
    @Blocking // ordered: one event after another, in partition order
    // While the database is down, the event waits (and those after it, in order) and the pages keep serving
    // the last known content from memory; nothing is skipped, nothing is applied without being persisted.
    public void consume(String payload) {
        retrying.apply(SITE, payload, IncidentEvent.class, applier::apply);
    }
}
