package fr.tocsin.broadcast.delivery;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClaimLoopsTest {

    private static final Logger LOG = Logger.getLogger(ClaimLoopsTest.class);

    @Test
    void idleLoopsLookOncePerIntervalBetweenThemNotEachOnce() throws InterruptedException {
        AtomicInteger claims = new AtomicInteger();
        Duration interval = Duration.ofMillis(100);
        ClaimLoops loops = new ClaimLoops("idle", 8, () -> {
            claims.incrementAndGet();
            return 0;
        }, interval, LOG, false);
        loops.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> claims.get() >= 8); // each loop's first look
            long from = System.nanoTime();
            int before = claims.get();
            Thread.sleep(1_000);
            int looks = claims.get() - before;
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
            // One poller: at most one look per interval (plus the one under way), where eight pollers would make
            // eight. A slow machine makes fewer, never more.
            assertThat(looks).as("%d looks in %d ms", looks, elapsed)
                    .isLessThanOrEqualTo((int) (elapsed / interval.toMillis()) + 2);
            assertThat(looks).isPositive(); // and one still looks
        } finally {
            loops.stop();
        }
    }

    @Test
    void aLoopThatFindsWorkBringsTheOthersInUntilAllAreAtIt() {
        AtomicBoolean work = new AtomicBoolean();
        AtomicInteger idleLooks = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger mostBusy = new AtomicInteger();
        CountDownLatch allIn = new CountDownLatch(1);
        // A poll interval no test waits for: only wakes move the idle loops.
        ClaimLoops loops = new ClaimLoops("busy", 4, () -> {
            if (!work.get()) {
                idleLooks.incrementAndGet();
                return 0;
            }
            mostBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
            try {
                allIn.await(20, TimeUnit.MILLISECONDS); // a batch being sent
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                busy.decrementAndGet();
            }
            return 1;
        }, Duration.ofHours(1), LOG, false);
        loops.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> idleLooks.get() >= 4); // all idle, waiting
            work.set(true);
            loops.wake(1); // one row's worth of wake: the rest come because there is work
            await().atMost(Duration.ofSeconds(30)).until(() -> mostBusy.get() == 4);
            allIn.countDown();
        } finally {
            work.set(false);
            loops.stop();
        }
    }
}
