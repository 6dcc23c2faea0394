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

    /** Sending to subscribers (docs/SUBSCRIPTIONS.md, Sending). */
    Sending sending();

    interface Sending {
        /** Sender loops per instance, each claiming a page of due messages (one connection and their row locks). */
        @WithDefault("2")
        int workers();

        /** Due messages one loop claims at once: the page of recipients held in memory, never more. */
        @WithDefault("200")
        int batch();

        /**
         * How long a declaration's message waits before it goes, so that the live numbers the declaration activates
         * (fallback-service, a moment later) are in it: one message with the numbers rather than two.
         */
        @WithDefault("10s")
        Duration declarationHold();

        /** How often an idle loop looks for due messages (a planned fan-out wakes it at once). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Attempts before a message is parked as FAILED (retryable failures: relay down, SMSC unbound...). */
        @WithDefault("8")
        int maxAttempts();

        @WithDefault("2s")
        Duration initialBackoff();

        @WithDefault("5m")
        Duration maxBackoff();

        /**
         * SMS: the SMPP window, submits awaiting their answer on each bound session ({@code tocsin.sms.smpp.sessions});
         * {@link #smsRate} is the account's contracted rate, shared by its sessions.
         */
        @WithDefault("10")
        int smsWindow();

        /** "N/duration", per SMSC account (the aggregator's contracted throughput). */
        @WithDefault("100/1s")
        String smsRate();

        /** First pause of the whole SMS channel after ESME_RTHROTTLED or ESME_RMSGQFUL, doubled while it lasts. */
        @WithDefault("1s")
        Duration smsThrottleBackoff();

        /** E-mails in flight at once to the SMTP relay. */
        @WithDefault("8")
        int mailConcurrency();

        /** "N/duration", per SMTP relay. */
        @WithDefault("100/1s")
        String mailRate();

        /** How long a message waits for a free slot or rate before it is put back for later (not an attempt). */
        @WithDefault("5s")
        Duration patience();

        /**
         * How long a claimed message may stay unrecorded before it is taken for lost in flight (UNKNOWN, not sent
         * again): well above its longest honest send (three patiences, the SMSC's response timeout).
         */
        @WithDefault("2m")
        Duration lease();

        /**
         * At most one claim from the start of the due index per interval in each instance, when a claim from the
         * cursor found nothing: how long a message put back behind the cursor (a lease run out, a release, a newer
         * version waiting for an older one) may wait. Each such claim walks the index entries the fan-out left behind.
         */
        @WithDefault("5s")
        Duration rescanInterval();

        /**
         * The SUBMITTING marks ({@code SubmitGate}): how many committers commit them in groups (while one commits,
         * the next group gathers), and how long a group's first mark waits for others. Fewer, larger groups cost the
         * database less; each sender waits for its mark before its submit.
         */
        @WithDefault("2")
        int markCommitters();

        @WithDefault("2ms")
        Duration markLinger();
    }
}
