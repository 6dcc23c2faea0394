package fr.tocsin.testsupport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts the log records of one category (in a {@code @QuarkusTest}, the service runs in the test's JVM) whose
 * message starts with a given text: to prove something happened inside the service, such as a consumer retrying
 * against a dead database, rather than hoping a sleep was long enough for it.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final AtomicInteger count = new AtomicInteger();
    private final Handler handler;

    private LogCapture(String category, String prefix) {
        logger = Logger.getLogger(category);
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                // The message before formatting: a printf-style logger's format string starts with the same text.
                if (String.valueOf(record.getMessage()).startsWith(prefix)) {
                    count.incrementAndGet();
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

    public static LogCapture of(Class<?> category, String prefix) {
        return new LogCapture(category.getName(), prefix);
    }

    /** The records counted so far. */
    public AtomicInteger count() {
        return count;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
