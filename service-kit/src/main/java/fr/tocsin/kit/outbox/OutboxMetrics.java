package fr.tocsin.kit.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * What is waiting in the outbox, for the "outbox older than 30 s" alert: {@value #BACKLOG} (events not yet sent) and
 * {@value #OLDEST_AGE} in seconds (0 when empty); Prometheus names {@code tocsin_outbox_backlog} and
 * {@code tocsin_outbox_oldest_age_seconds}. One query on the table every {@code tocsin.outbox.metrics-refresh},
 * whatever the number of scrapes; the age itself is computed when scraped, so it keeps rising between reads.
 */
@ApplicationScoped
@IfBuildProperty(name = "tocsin.outbox.enabled", stringValue = "true")
public class OutboxMetrics {

    public static final String BACKLOG = "tocsin.outbox.backlog";
    public static final String OLDEST_AGE = "tocsin.outbox.oldest.age";

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);
    // count(*) of a table that is empty but for an outage; the oldest row through the primary key (ids grow with time).
    private static final String QUERY = "select count(*), (select created_at from outbox_event order by id limit 1)"
            + " from outbox_event";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private volatile long backlog;
    private volatile Instant oldest;

    void register(@Observes StartupEvent event) {
        Gauge.builder(BACKLOG, this, metrics -> metrics.backlog)
                .description("Outbox events not yet acknowledged by Kafka").register(registry);
        Gauge.builder(OLDEST_AGE, this, OutboxMetrics::oldestAgeSeconds).baseUnit("seconds")
                .description("Age of the oldest outbox event not yet acknowledged by Kafka (0 when none)")
                .register(registry);
        refresh();
    }

    @Scheduled(every = "${tocsin.outbox.metrics-refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(QUERY);
             ResultSet result = query.executeQuery()) {
            result.next();
            Timestamp created = result.getTimestamp(2);
            oldest = created == null ? null : created.toInstant();
            backlog = result.getLong(1);
        } catch (SQLException e) {
            // The last values stay: a database outage shows as an outbox that stops moving, not as an empty one.
            LOG.debugf("Outbox metrics not refreshed: %s", e.getMessage());
        }
    }

    double oldestAgeSeconds() {
        Instant since = oldest;
        return since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }
}
