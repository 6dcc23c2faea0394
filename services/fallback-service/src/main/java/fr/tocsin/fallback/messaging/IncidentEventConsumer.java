package fr.tocsin.fallback.messaging;

import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.event.MalformedEventException;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.fallback.service.IncidentTracker;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

@ApplicationScoped
public class IncidentEventConsumer {

    private static final Logger LOG = Logger.getLogger(IncidentEventConsumer.class);

    @Inject
    IncidentTracker tracker;

    @Incoming(Channels.INCIDENTS_IN)
    @Blocking // ordered: one event after another, in partition order
    public void consume(String payload) {
        IncidentEvent event;
        try {
            event = EventJson.read(payload, IncidentEvent.class);
        } catch (MalformedEventException e) {
            LOG.errorf("Skipping unreadable incident event: %s", e.getMessage());
            return;
        }
        tracker.apply(event.incident());
    }
}
