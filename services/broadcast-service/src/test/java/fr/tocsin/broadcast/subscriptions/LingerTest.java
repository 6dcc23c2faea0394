package fr.tocsin.broadcast.subscriptions;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

class LingerTest {

    @Test
    void aGroupTakesWhatIsWaitingUpToItsSizeAndLeavesTheRest() throws InterruptedException {
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>(List.of(2, 3, 4, 5, 6));
        List<Integer> group = new ArrayList<>(List.of(1));
        Linger.gather(queue, group, 4, Duration.ofSeconds(5));
        assertThat(group).containsExactly(1, 2, 3, 4);
        assertThat(queue).containsExactly(5, 6);
    }

    @Test
    void aGroupStopsAtTheEndOfItsLinger() throws InterruptedException {
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>(List.of(2));
        Thread late = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(2_000); // ten lingers later
                queue.add(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Integer> group = new ArrayList<>(List.of(1));
        Linger.gather(queue, group, 10, Duration.ofMillis(200));
        assertThat(group).containsExactly(1, 2);
        late.join();
        assertThat(queue).containsExactly(3);
    }
}
