package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.config.SubscriptionConfig;
import fr.tocsin.broadcast.delivery.Redaction;
import fr.tocsin.broadcast.delivery.persistence.SubscriberLedger;
import fr.tocsin.contracts.json.SafeText;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The last step before a subscriber message is submitted (submit_sm, SMTP): its row is committed SUBMITTING, so that
 * after a kill -9 only the messages that may really have left are ambiguous (UNKNOWN), and every other claimed one is
 * sent when its lease runs out (#20). A sender calls {@link #submitting} once it holds its channel's window slot and
 * rate, so at most the in-flight window (SMS window + mail concurrency) of messages is SUBMITTING and unsent at any
 * moment. Marks are committed in groups (whatever waits while the previous group commits, by {@code mark-committers}
 * (2) so that one commit overlaps the next): one statement, committed by itself, for many messages, not one per message.
 */
@ApplicationScoped
public class SubmitGate {

    private static final Logger LOG = Logger.getLogger(SubmitGate.class);
    private static final int MAX_GROUP = 500;

    @Inject
    SubscriberLedger ledger;

    @Inject
    SubscriptionConfig config;

    private record Mark(SubscriberLedger.Submit submit, CompletableFuture<Boolean> marked) {
    }

    private final BlockingQueue<Mark> queue = new LinkedBlockingQueue<>();
    private ExecutorService committers;
    private volatile boolean running;

    void start(@Observes StartupEvent start) {
        running = true;
        int count = config.sending().markCommitters();
        committers = Executors.newFixedThreadPool(count,
                Thread.ofPlatform().name("subscriber-submit-marks-", 0).daemon().factory());
        for (int i = 0; i < count; i++) {
            committers.execute(this::commitLoop);
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        running = false;
        if (committers != null) {
            committers.shutdownNow();
        }
        List<Mark> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(mark -> mark.marked().complete(false));
    }

    /**
     * Commits the message SUBMITTING, with others waiting at the same moment; true when it may now be submitted. False
     * when it must not be: its claim's lease ran out (it is due again, perhaps claimed by another sender), or the
     * database did not confirm the mark (the caller puts it back, not submitted).
     */
    public boolean submitting(SubscriberLedger.Claimed message) {
        Mark mark = new Mark(new SubscriberLedger.Submit(message.id(), message.claim()), new CompletableFuture<>());
        if (!running) {
            return false;
        }
        queue.add(mark);
        if (!running && queue.remove(mark)) {
            return false; // stopped meanwhile, after the queue was drained: no committer will ever answer it
        }
        try {
            return mark.marked().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private void commitLoop() {
        while (running) {
            List<Mark> group = new ArrayList<>();
            try {
                Mark first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                // A moment for the marks that come right after it: the senders of a page take their slots within a
                // few milliseconds of each other, and one statement and commit for them costs the database less than
                // several (#20).
                Linger.gather(queue, group, MAX_GROUP, config.sending().markLinger());
                Set<java.util.UUID> marked = ledger.markSubmitting(group.stream().map(Mark::submit).toList());
                group.forEach(mark -> mark.marked().complete(marked.contains(mark.submit().id())));
            } catch (InterruptedException e) {
                group.forEach(mark -> mark.marked().complete(false));
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException failed) {
                // Not marked, so not submitted: the senders put these messages back.
                group.forEach(mark -> mark.marked().complete(false));
                LOG.warnf("Subscriber messages: %d could not be marked SUBMITTING, put back unsent: %s %s", group.size(),
                        failed.getClass().getSimpleName(), SafeText.forLog(Redaction.redact(failed.getMessage())));
            }
        }
    }
}
