package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.subscriptions.persistence.SubscriptionStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * A subscription never confirmed is a destination someone typed, perhaps not theirs: it is deleted a day after the
 * request (its code expired long before), as the privacy page says. Idempotent, so every replica may run it.
 */
@ApplicationScoped
public class UnconfirmedPurge {

    /** Far beyond a code's or link's validity: nobody can still confirm. */
    static final Duration KEPT = Duration.ofDays(1);
    private static final Logger LOG = Logger.getLogger(UnconfirmedPurge.class);

    @Inject
    SubscriptionStore store;

    @Scheduled(every = "1h", delay = 5, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        int deleted = purge(Instant.now());
        if (deleted > 0) {
            LOG.infof("%d subscription(s) never confirmed deleted", deleted);
        }
    }

    int purge(Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> store.deleteUnconfirmedBefore(now.minus(KEPT)));
    }
}
