package fr.tocsin.fallback.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

@ConfigMapping(prefix = "tocsin.outbox")
public interface OutboxConfig {

    /** Safety-net poll; commits normally wake the relay at once. */
    Duration pollInterval();

    int batchSize();

    /** How long the relay waits for the broker's acknowledgement before leaving events for the next round. */
    Duration sendTimeout();
}
