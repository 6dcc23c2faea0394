package fr.tocsin.dissemination.readmodel;

import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.kit.messaging.RetryingConsumer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

@ApplicationScoped
public class LiveNumbersConsumer {

    private static final RetryingConsumer.Site SITE = RetryingConsumer.Site.of(LiveNumbersConsumer.class,
            "a live-numbers event");

    @Inject
    EventApplier applier;

    @Inject
    RetryingConsumer retrying;

    @Incoming(Channels.NUMBERS_IN)
    @Blocking // ordered: one batch after another, each in partition order
    // A batch is what one poll returned (batch=true): a national activation's 101 sets in one transaction, one
    // commit and one change of the board (one re-rendering), not 101 of each. While the database is down, the batch
    // waits (and those after it, in order) and the pages keep serving the last known content from memory; nothing
    // is skipped, nothing is applied without being persisted. Offsets are committed once the batch is applied.
    public void consume(List<String> payloads) {
        retrying.applyAll(SITE, payloads, LiveNumbersEvent.class, applier::applyAll);
    }
}
