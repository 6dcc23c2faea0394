package fr.tocsin.broadcast.config;

import fr.tocsin.contracts.posts.Network;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Social networks and partner webhooks. Credentials are looked up by name; in production they come from a
 * Kubernetes Secret mounted as a config source, e.g. the file {@code tocsin.social.credentials.prefet59-mastodon.token}.
 */
@ConfigMapping(prefix = "tocsin.social")
public interface SocialConfig {

    /** Attempts before a delivery is parked as failed. */
    @WithDefault("8")
    int maxAttempts();

    /** First retry delay; doubles each attempt, with jitter, up to {@link #maxBackoff()}. */
    @WithDefault("2s")
    Duration initialBackoff();

    @WithDefault("5m")
    Duration maxBackoff();

    /**
     * Claiming loops of one instance: each holds one database connection and the row locks of the deliveries it
     * claimed ({@link #batch()} at most) until their outcomes are committed.
     */
    @WithDefault("8")
    int workers();

    /** Due deliveries one loop claims at once and sends concurrently (bounded per network by {@link #limits()}). */
    @WithDefault("16")
    int batch();

    /** Posts in flight at once to a network with no {@code limits.<network>.concurrency} of its own. */
    @WithDefault("32")
    int defaultConcurrency();

    /**
     * How long a post may wait for a free slot of its network or for its rate windows before its delivery is put
     * back (due then, no attempt counted) for a later claim, rather than holding its row lock and connection.
     */
    @WithDefault("5s")
    Duration pacingPatience();

    /** Per network (lower-case name: mastodon, bluesky, x, facebook, telegram, webhook): see {@link Limits}. */
    Map<String, Limits> limits();

    /** How long a network may take to answer a post before it counts as a (retryable) timeout. */
    @WithDefault("10s")
    Duration readTimeout();

    /** How often the workers look for due deliveries when nothing wakes them. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * Whether http and loopback/private destinations are allowed. False by default and in production: only tests and
     * the local stack (stubs on 127.0.0.1 over http) turn it on. See {@code DestinationGuard}.
     */
    @WithDefault("false")
    boolean allowInsecureDestinations();

    /** The networks' API roots: fixed by the service, never taken from an account registered through the API. */
    Endpoints endpoints();

    Map<String, Credentials> credentials();

    /** Accounts declared in configuration, by name; created or updated at start (the API manages the others). */
    Map<String, Account> accounts();

    /**
     * What one instance sends to a network ({@code networks/PostingLimits}): posts in flight at once, and the
     * network's documented rate limits as windows "N/duration" (e.g. {@code 300/5m}), per credentials (the account
     * or bot the network counts), per target (a Telegram chat) and per API root (a Bluesky PDS).
     */
    interface Limits {
        /** Posts in flight at once; {@link #defaultConcurrency()} when unset. */
        Optional<Integer> concurrency();

        Optional<java.util.List<String>> perCredentials();

        Optional<java.util.List<String>> perTarget();

        Optional<java.util.List<String>> perHost();
    }

    interface Endpoints {
        /** X API v2 (posts and the OAuth 2.0 token endpoint). */
        @WithDefault("https://api.x.com")
        String x();

        @WithDefault("https://api.telegram.org")
        String telegram();

        /** The Graph API, with its version. */
        @WithDefault("https://graph.facebook.com/v21.0")
        String facebook();
    }

    interface Credentials {
        /**
         * Mastodon: the root of the account's instance, e.g. {@code https://social.example.gouv.fr}. Part of the
         * credentials (the Secret), not of the account: whoever registers an account cannot choose where the token goes.
         */
        Optional<String> instance();

        /** Bluesky: the account's PDS; {@code https://bsky.social} unless the account lives on its own. */
        @WithDefault("https://bsky.social")
        String pds();

        Optional<String> token();

        Optional<String> identifier();

        Optional<String> password();

        /** The signing secret of a webhook ({@code whsec_...}). */
        Optional<String> secret();

        /**
         * X (OAuth 2.0 with {@code offline.access}): the refresh token obtained at authorisation. It only seeds the
         * service's database, which then keeps the rotating pair (each refresh returns a new refresh token); a new
         * value here is taken up when the stored one is refused (the account was re-authorised).
         */
        Optional<String> refreshToken();

        /** X: the OAuth 2.0 client id of the app, sent with every refresh. */
        Optional<String> clientId();

        /** X: the OAuth 2.0 client secret of a confidential client (HTTP Basic on the token endpoint); absent for a public one. */
        Optional<String> clientSecret();
    }

    interface Account {
        Network network();

        String territory();

        /** Webhooks only: the partner's https endpoint. The other networks' hosts are fixed (see {@link #endpoints()}). */
        Optional<String> baseUrl();

        Optional<String> target();

        /** The name of the credentials entry. */
        String credentials();

        @WithDefault("fr")
        String language();

        @WithDefault("false")
        boolean testOnly();
    }
}
