package fr.tocsin.testsupport;

import org.jboss.logmanager.ExtLogRecord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log records of one category (in a {@code @QuarkusTest}, the service runs in the test's JVM; in a plain test,
 * with the JBoss LogManager as {@code java.util.logging.manager}), to prove something happened inside the code under
 * test, such as a consumer retrying against a dead database, rather than hoping a sleep was long enough for it.
 * Either counted by the start of their message ({@link #of(Class, String)}), or kept as formatted lines from a level
 * up ({@link #at(Class, Level)}). Close it to stop listening.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final AtomicInteger count = new AtomicInteger();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler handler;

    private LogCapture(String category, String prefix, Level threshold) {
        logger = Logger.getLogger(category);
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                // The message before formatting: a printf-style logger's format string starts with the same text.
                if (record.getLevel().intValue() >= threshold.intValue()
                        && String.valueOf(record.getMessage()).startsWith(prefix)) {
                    count.incrementAndGet();
                    messages.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
    }

    /** The records of {@code category}, at any level, whose message (before formatting) starts with {@code prefix}. */
    public static LogCapture of(Class<?> category, String prefix) {
        return new LogCapture(category.getName(), prefix, Level.ALL);
    }

    /** Every record of {@code category} at {@code threshold} or above. */
    public static LogCapture at(Class<?> category, Level threshold) {
        return new LogCapture(category.getName(), "", threshold);
    }

    /** The records counted so far. */
    public AtomicInteger count() {
        return count;
    }

    /** The messages kept so far, formatted, oldest first. */
    public List<String> messages() {
        return messages;
    }

    /** Forgets what was kept so far. */
    public void clear() {
        messages.clear();
        count.set(0);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
