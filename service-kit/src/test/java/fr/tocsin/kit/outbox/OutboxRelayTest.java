package fr.tocsin.kit.outbox;

import fr.tocsin.testsupport.LogCapture;
import io.quarkus.runtime.ShutdownEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The relay once the application stops: the scheduler's polls and late commits still wake it up, and a drain may
 * still be queued; none of it may fail or warn (before the fix every poll failed on the closed worker, logged by the
 * scheduler as an error, and a queued drain warned that the relay was paused). Outside Quarkus a drain fails at once
 * (no transaction manager), which is what the relay sees of a pool or a broker closing under it.
 */
class OutboxRelayTest {

    private final LogCapture warnings = LogCapture.at(OutboxRelay.class, Level.WARNING);

    @AfterEach
    void release() {
        warnings.close();
    }

    @Test
    void wakeUpsAfterTheStopStartNothingAndFailNothing() {
        OutboxRelay relay = new OutboxRelay();
        relay.onStop(new ShutdownEvent());
        for (int poll = 0; poll < 3; poll++) {
            assertThatCode(relay::wakeUp).as("poll " + poll + " after the stop").doesNotThrowAnyException();
        }
        assertThat(warnings.messages()).isEmpty();
    }

    @Test
    void aDrainThatRunsAfterTheStopWarnsOfNothing() {
        OutboxRelay relay = new OutboxRelay();
        relay.drain();
        assertThat(warnings.messages()).as("before the stop, a failing drain is a warning (the capture works)")
                .singleElement().asString().startsWith("Outbox relay paused, events stay in the outbox");
        warnings.clear();

        relay.onStop(new ShutdownEvent());
        relay.drain();
        assertThat(warnings.messages()).isEmpty();
    }
}
