package fr.tocsin.broadcast.delivery;

import fr.tocsin.broadcast.delivery.persistence.DeliveryStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import fr.tocsin.broadcast.delivery.persistence.DeliveryLedger;
import fr.tocsin.contracts.posts.Network;
import jakarta.transaction.Transactional;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the delivery ledger says to whoever is on call: {@code tocsin_deliveries_total{network,state}}, the final
 * outcomes (SENT, FAILED) counted once their transaction committed, and {@code tocsin_deliveries_pending{network}},
 * the deliveries waiting to go out (or to be retried), read from the ledger every
 * {@code tocsin.metrics.deliveries-refresh} rather than at scrape time, so a scrape never waits on the database.
 * Self-contained: the worker only fires an {@link Outcome}.
 */
@Singleton
@Startup // every series exists at zero from the start: the first failure is a rate, not a new series
public class DeliveryMetrics {

    /** Fired by the worker, in its transaction, when a delivery reaches a final state. */
    public record Outcome(Network network, DeliveryStatus state) {
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DeliveryMetrics.class);
    private static final List<DeliveryStatus> FINAL = List.of(DeliveryStatus.SENT, DeliveryStatus.FAILED,
            DeliveryStatus.UNKNOWN);

    private final DeliveryLedger ledger;
    private final Map<Network, Map<DeliveryStatus, Counter>> outcomes = new EnumMap<>(Network.class);
    private final Map<Network, AtomicLong> pending = new EnumMap<>(Network.class);

    DeliveryMetrics(MeterRegistry registry, DeliveryLedger ledger) {
        this.ledger = ledger;
        // A gauge left by an earlier application in this JVM (Quarkus tests restart it; Micrometer's global registry
        // outlives it) would keep reading that application's object: replace it.
        registry.find("tocsin.deliveries.pending").gauges().forEach(registry::remove);
        for (Network network : Network.values()) {
            Map<DeliveryStatus, Counter> byState = new EnumMap<>(DeliveryStatus.class);
            for (DeliveryStatus state : FINAL) {
                byState.put(state, Counter.builder("tocsin.deliveries")
                        .description("Deliveries (posts, webhooks) that reached a final state")
                        .tag("network", network.name()).tag("state", state.name()).register(registry));
            }
            outcomes.put(network, byState);
            AtomicLong waiting = new AtomicLong();
            pending.put(network, waiting);
            Gauge.builder("tocsin.deliveries.pending", waiting, AtomicLong::get)
                    .description("Deliveries waiting to be sent or retried, as last read from the ledger")
                    .tag("network", network.name()).register(registry);
        }
    }

    /** After the commit only: a rolled-back attempt is tried again and counted then. */
    void counted(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outcome outcome) {
        Counter counter = outcomes.get(outcome.network()).get(outcome.state());
        if (counter != null) {
            counter.increment();
        }
    }

    /** Reads the pending deliveries per network (the partial index on pending rows keeps it small). */
    @Scheduled(every = "${tocsin.metrics.deliveries-refresh:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            refreshPending();
        } catch (RuntimeException e) {
            // Database away: the gauges keep their last reading (the failures show in the deliveries and the logs).
            LOG.debugf("Pending deliveries not read: %s", e.getClass().getName());
        }
    }

    @Transactional
    public void refreshPending() {
        Map<String, Long> counts = ledger.pendingByNetwork();
        pending.forEach((network, gauge) -> gauge.set(counts.getOrDefault(network.name(), 0L)));
    }
}
