package fr.tocsin.kit.outbox;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Moves outbox rows to Kafka, oldest first, and deletes each one only once the broker acknowledged it.
 * A commit wakes the relay immediately (milliseconds of added latency, not a poll period); the scheduled
 * poll picks up whatever a broker outage or a crash left behind. Each row names its topic: the service configures
 * one producer, the {@value #CHANNEL} channel ({@code mp.messaging.outgoing.outbox.*}).
 *
 * <p>Once the application stops, the relay starts nothing more and says nothing about what fails then (the emitter,
 * the pool and the broker connection close under it): the rows stay in the outbox for the next start. Without this,
 * each poll after the stop failed on the closed worker and the scheduler logged an error until the JVM exited.
 */
@ApplicationScoped
@IfBuildProperty(name = "tocsin.outbox.enabled", stringValue = "true")
public class OutboxRelay {

    /** The Reactive Messaging channel of the outbox producer. */
    public static final String CHANNEL = "outbox";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<String> emitter;

    @Inject
    OutboxConfig config;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean stopping;
    /**
     * Sends not yet acknowledged when their wait ran out (a slow or restarting broker): the producer keeps
     * retrying them, so the next drain waits for the same send instead of sending the row a second time.
     */
    private final Map<Long, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWriter.OutboxWritten written) {
        wakeUp();
    }

    @Scheduled(every = "${tocsin.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = UntilStarted.class)
    void poll() {
        wakeUp();
    }

    /** Coalesces wake-ups: at most one drain queued behind the running one. Nothing once stopping. */
    public void wakeUp() {
        if (!stopping && pending.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (RejectedExecutionException e) {
                pending.set(false); // stopped between the check and here
            }
        }
    }

    void drain() {
        pending.set(false);
        try {
            int relayed;
            do {
                if (stopping) {
                    return;
                }
                relayed = QuarkusTransaction.requiringNew().call(this::relayBatch);
            } while (relayed == config.batchSize());
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.debugf("Outbox relay stopped, events stay in the outbox until the next start: %s", e.getMessage());
            } else {
                LOG.warnf("Outbox relay paused, events stay in the outbox until the next attempt: %s", e.getMessage());
            }
        }
    }

    /** @return how many events were sent and removed */
    private int relayBatch() {
        List<OutboxEventEntity> batch = OutboxEventEntity.lockOldest(config.batchSize());
        if (batch.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        // Rows another replica relayed meanwhile are gone: forget their finished sends.
        Set<Long> ids = batch.stream().map(row -> row.id).collect(Collectors.toSet());
        inFlight.entrySet().removeIf(entry -> entry.getValue().isDone() && !ids.contains(entry.getKey()));
        for (OutboxEventEntity row : batch) {
            CompletableFuture<Void> earlier = inFlight.get(row.id);
            if (earlier != null && !earlier.isCompletedExceptionally()) {
                acks.add(earlier);
                continue;
            }
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(row.topic)
                    .withKey(row.key)
                    .build();
            Message<String> message = Message.of(row.payload).addMetadata(metadata);
            if (row.traceparent != null) {
                // The connector's tracing starts its publish span under this context and writes its traceparent
                // header: consumers continue the trace of the request that wrote the event, not a new one.
                message = message.addMetadata(TracingMetadata.withCurrent(parent(row.traceparent)));
            }
            CompletableFuture<Void> ack = emitter.sendMessage(message).subscribeAsCompletionStage();
            inFlight.put(row.id, ack);
            acks.add(ack);
        }
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        int sent = 0;
        // The producer is idempotent and keeps order, so stop at the first failure: later rows wait their turn.
        for (int i = 0; i < batch.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                if (stopping) {
                    LOG.debugf("Outbox event %d not acknowledged before the stop: %s", batch.get(i).id, e.toString());
                } else {
                    LOG.warnf("Kafka did not acknowledge outbox event %d: %s", batch.get(i).id, e.toString());
                }
                break;
            }
            batch.get(i).delete();
            inFlight.remove(batch.get(i).id);
            sent++;
        }
        return sent;
    }

    private static Context parent(String traceparent) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent),
                TRACEPARENT);
    }

    private static final TextMapGetter<Map<String, String>> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        worker.shutdown();
    }

    /**
     * The scheduler may fire before Reactive Messaging has connected the emitter to its channel; polling
     * then would fail to create the relay. Messaging connects at a library startup priority, before this
     * application-priority observer runs.
     */
    @Singleton
    @IfBuildProperty(name = "tocsin.outbox.enabled", stringValue = "true")
    public static class UntilStarted implements Scheduled.SkipPredicate {

        private volatile boolean started;

        void onStart(@Observes StartupEvent event) {
            started = true;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !started;
        }
    }
}
