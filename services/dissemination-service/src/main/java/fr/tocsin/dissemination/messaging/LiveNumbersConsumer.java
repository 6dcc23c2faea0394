package fr.tocsin.dissemination.messaging;

import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.event.MalformedEventException;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.dissemination.service.NoticeBoard;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

@ApplicationScoped
public class LiveNumbersConsumer {

    private static final Logger LOG = Logger.getLogger(LiveNumbersConsumer.class);

    @Inject
    NoticeBoard board;

    @Incoming(Channels.NUMBERS_IN)
    @Blocking
    public void consume(String payload) {
        try {
            board.apply(EventJson.read(payload, LiveNumbersEvent.class));
        } catch (MalformedEventException e) {
            LOG.errorf("Skipping unreadable live-numbers event: %s", e.getMessage());
        }
    }
}
