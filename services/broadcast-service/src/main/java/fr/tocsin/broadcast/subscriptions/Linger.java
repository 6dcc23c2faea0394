package fr.tocsin.broadcast.subscriptions;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Groups what arrives close together (#20): after the first element of a group, whatever else comes within a short
 * linger joins it, up to a size, so that one statement and commit serve many messages (the SUBMITTING marks, the
 * recorded outcomes).
 */
final class Linger {

    private Linger() {
    }

    /** Adds to {@code group} what {@code queue} yields within {@code linger} from now, until {@code group} holds {@code max}. */
    static <T> void gather(BlockingQueue<T> queue, List<T> group, int max, Duration linger) throws InterruptedException {
        long deadline = System.nanoTime() + linger.toNanos();
        while (group.size() < max) {
            T next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            group.add(next);
            queue.drainTo(group, max - group.size());
        }
    }
}
