package fr.tocsin.broadcast.delivery;

import fr.tocsin.contracts.json.SafeText;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * The ledger's sending loops, for posts and for subscriber messages alike: {@code count} platform threads, each
 * claiming and sending one batch of due rows per transaction of its own. Idle, they look for due rows once per poll
 * interval between them, not each: one idle loop polls (rows whose retry time came, or left by another replica), the
 * others wait to be woken — by new rows ({@link #wake}), or by a loop that found work and brings one more in while
 * there is some. Posts hold their rows' locks for the batch's transaction; subscriber messages are claimed under a
 * lease and commit as they go ({@code transactional} false). A failed batch is logged (redacted) and tried again after
 * the interval.
 */
public final class ClaimLoops {

    /**
     * A batch transaction's bound: far above its slowest send, so that a slow network never rolls back what went out
     * (which would send it again).
     */
    private static final int BATCH_TIMEOUT_SECONDS = 600;

    private final String name;
    private final int count;
    private final IntSupplier batch;
    private final Duration pollInterval;
    private final Logger log;
    private final boolean transactional;
    private final Semaphore wake = new Semaphore(0);
    /** Whether an idle loop is polling: the others wait for a wake. */
    private final AtomicBoolean polling = new AtomicBoolean();
    private ExecutorService threads;
    private volatile boolean running;

    /** @param batch claims and sends one batch, in the transaction it is called in; how many rows it claimed */
    public ClaimLoops(String name, int count, IntSupplier batch, Duration pollInterval, Logger log) {
        this(name, count, batch, pollInterval, log, true);
    }

    /**
     * @param transactional false when {@code batch} commits its own short transactions (a claim under a lease, then
     *                      the outcomes as they come): it is then called outside any transaction
     */
    public ClaimLoops(String name, int count, IntSupplier batch, Duration pollInterval, Logger log, boolean transactional) {
        this.transactional = transactional;
        this.name = name;
        this.count = count;
        this.batch = batch;
        this.pollInterval = pollInterval;
        this.log = log;
    }

    public void start() {
        running = true;
        threads = Executors.newFixedThreadPool(count, Thread.ofPlatform().name(name + "-", 0).daemon().factory());
        for (int i = 0; i < count; i++) {
            threads.execute(this::loop);
        }
    }

    public void stop() {
        running = false;
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    /** New rows are due: up to {@code rows} idle loops (at most all of them) look at once. */
    public void wake(int rows) {
        // Permits beyond the loops' number would only make them claim in vain later, while they are all busy now.
        int more = Math.min(Math.max(rows, 0), count) - wake.availablePermits();
        if (more > 0) {
            wake.release(more);
        }
    }

    private void loop() {
        while (running) {
            try {
                int claimed = transactional
                        ? QuarkusTransaction.requiringNew().timeout(BATCH_TIMEOUT_SECONDS).call(batch::getAsInt)
                        : batch.getAsInt();
                if (claimed > 0) {
                    if (wake.hasQueuedThreads()) {
                        wake.release(); // there is work: one more loop looks
                    }
                } else if (polling.compareAndSet(false, true)) {
                    try {
                        wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    } finally {
                        polling.set(false);
                    }
                } else {
                    wake.acquire();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warnf("%s: %s %s", name, e.getClass().getSimpleName(), SafeText.forLog(Redaction.redact(e.getMessage())));
                    try {
                        Thread.sleep(pollInterval.toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
