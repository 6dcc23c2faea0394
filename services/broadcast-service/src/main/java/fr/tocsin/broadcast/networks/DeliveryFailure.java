package fr.tocsin.broadcast.networks;

import java.time.Duration;

/** A post that did not go out: retried later when {@link #retryable()}, with the delay the network asked for. */
public class DeliveryFailure extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;

    public DeliveryFailure(String message, boolean retryable, Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static DeliveryFailure retryable(String message) {
        return new DeliveryFailure(message, true, null);
    }

    public static DeliveryFailure refused(String message) {
        return new DeliveryFailure(message, false, null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** The delay a 429 asked for (Retry-After and the networks' own headers), null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
