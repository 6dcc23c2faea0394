package fr.tocsin.broadcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The SMS channel ({@code tocsin.sms.*}): the SMSC it binds to over SMPP 3.4. */
@ConfigMapping(prefix = "tocsin.sms")
public interface SmsConfig {

    Smpp smpp();

    interface Smpp {
        /** The SMSC (SMPP 3.4); without a host the SMS channel is off and SMS subscriptions are refused. */
        Optional<String> host();

        @WithDefault("2775")
        int port();

        @WithDefault("tocsin")
        String systemId();

        /** From a Secret in production; never logged. SMPP 3.4 allows 8 characters at most. */
        Optional<String> password();

        /**
         * The short code messages come from and STOP replies go to: a number, so handsets can answer (an
         * alphanumeric sender cannot receive a reply).
         */
        @WithDefault("38100")
        String sourceAddress();

        /** How long the SMSC may take to answer a submit_sm. */
        @WithDefault("10s")
        Duration responseTimeout();

        /**
         * Transceivers bound to the account at once, each with its own window of {@code sms-window} submits awaiting
         * their answer: aggregators commonly allow several per account. The account's contracted rate
         * ({@code tocsin.subscriptions.sending.sms-rate}) stays one, shared by all of them.
         */
        @WithDefault("1")
        int sessions();

        /** How often a lost bind is retried. */
        @WithDefault("5s")
        Duration reconnectInterval();
    }
}
