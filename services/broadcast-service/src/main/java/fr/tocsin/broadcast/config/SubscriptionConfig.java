package fr.tocsin.broadcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Citizen subscriptions by SMS and e-mail ({@code tocsin.subscriptions.*}, SMS: {@link SmsConfig}); the SMTP relay is
 * {@code quarkus.mailer.*}.
 */
@ConfigMapping(prefix = "tocsin.subscriptions")
public interface SubscriptionConfig {

    /** Confirmation messages one destination may receive per hour, whoever asks: no one floods a stranger. */
    @WithDefault("3")
    int confirmationsPerDestinationPerHour();

    /** Subscription requests one client address may make per hour (beyond the kit's per-client API limit). */
    @WithDefault("20")
    int requestsPerAddressPerHour();

    /** Wrong codes before a pending subscription's code stops working (a new request sends a new one). */
    @WithDefault("5")
    int codeAttempts();

    /** How long a confirmation code or link works. */
    @WithDefault("30m")
    Duration codeValidity();

    /** Territories one destination may follow. */
    @WithDefault("10")
    int territoriesPerDestination();

    /**
     * Whether ARCEP's fiction mobile range (06 39 98 xx xx) counts as a metropolitan mobile. libphonenumber rightly
     * knows 0639 as unassigned; tests, dev and the local stack use it so that no real phone is ever texted.
     */
    @WithDefault("false")
    boolean acceptFictionNumbers();

    /** Where the links in messages point (confirmation, unsubscribe): this service's public root. */
    @WithDefault("http://127.0.0.1:8083")
    String apiBaseUrl();
}
