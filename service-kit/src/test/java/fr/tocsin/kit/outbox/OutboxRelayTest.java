package fr.tocsin.kit.outbox;

import io.quarkus.runtime.ShutdownEvent;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The relay once the application stops: the scheduler's polls and late commits still wake it up, and a drain may
 * still be queued; none of it may fail or warn (before the fix every poll failed on the closed worker, logged by the
 * scheduler as an error, and a queued drain warned that the relay was paused). Outside Quarkus a drain fails at once
 * (no transaction manager), which is what the relay sees of a pool or a broker closing under it.
 */
class OutboxRelayTest {

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        Logger.getLogger(OutboxRelay.class.getName()).addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger(OutboxRelay.class.getName()).removeHandler(capture);
    }

    @Test
    void wakeUpsAfterTheStopStartNothingAndFailNothing() {
        OutboxRelay relay = new OutboxRelay();
        relay.onStop(new ShutdownEvent());
        for (int poll = 0; poll < 3; poll++) {
            assertThatCode(relay::wakeUp).as("poll " + poll + " after the stop").doesNotThrowAnyException();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aDrainThatRunsAfterTheStopWarnsOfNothing() {
        OutboxRelay relay = new OutboxRelay();
        relay.drain();
        assertThat(warnings).as("before the stop, a failing drain is a warning (the capture works)")
                .singleElement().asString().startsWith("Outbox relay paused, events stay in the outbox");
        warnings.clear();

        relay.onStop(new ShutdownEvent());
        relay.drain();
        assertThat(warnings).isEmpty();
    }
}
