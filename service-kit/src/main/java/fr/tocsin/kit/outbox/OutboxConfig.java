package fr.tocsin.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The transactional outbox of a service that publishes events ({@code tocsin.outbox.*}). Its relay, writer and
 * metrics exist only where {@code tocsin.outbox.enabled=true} at build time; the service also configures the
 * Kafka producer of the {@value OutboxRelay#CHANNEL} channel ({@code mp.messaging.outgoing.outbox.*}).
 */
@ConfigMapping(prefix = "tocsin.outbox")
public interface OutboxConfig {

    /** Build time: this service writes and relays an outbox (with {@code db/kit/outbox} in its Flyway locations). */
    @WithDefault("false")
    boolean enabled();

    /** Safety-net poll; commits normally wake the relay at once. */
    @WithDefault("1s")
    Duration pollInterval();

    @WithDefault("100")
    int batchSize();

    /** How long the relay waits for the broker's acknowledgement before leaving events for the next round. */
    @WithDefault("15s")
    Duration sendTimeout();

    /** How often the backlog and oldest-age gauges are read from the table (one query, whatever the scrapes). */
    @WithDefault("5s")
    Duration metricsRefresh();
}
