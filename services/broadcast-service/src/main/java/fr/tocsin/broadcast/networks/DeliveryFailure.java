package fr.tocsin.broadcast.networks;

import java.time.Duration;

/** A post that did not go out: retried later when {@link #retryable()}, with the delay the network asked for. */
public class DeliveryFailure extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;
    private final boolean maybePosted;
    private final boolean postedAlready;

    /** A retryable failure may have posted (a timeout, a 5xx); a refusal did not. */
    public DeliveryFailure(String message, boolean retryable, Duration retryAfter) {
        this(message, retryable, retryAfter, retryable);
    }

    private DeliveryFailure(String message, boolean retryable, Duration retryAfter, boolean maybePosted) {
        this(message, retryable, retryAfter, maybePosted, false);
    }

    private DeliveryFailure(String message, boolean retryable, Duration retryAfter, boolean maybePosted,
                            boolean postedAlready) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.maybePosted = maybePosted;
        this.postedAlready = postedAlready;
    }

    /**
     * The request never reached the network (the connection was refused or never made, the name did not resolve):
     * retried, and nothing can have been posted.
     */
    public static DeliveryFailure unsent(String message) {
        return new DeliveryFailure(message, true, null, false);
    }

    /**
     * The network refused the part as a copy of a post the account made moments ago ({@link
     * ChannelAdapter#refusesDuplicates}): an earlier try went out, under an id this answer does not give.
     */
    public static DeliveryFailure postedAlready(String message) {
        return new DeliveryFailure(message, false, null, true, true);
    }

    /** The network's explicit "not now" (a 429 and its kin): retried, and the request was turned away unposted. */
    public static DeliveryFailure rateLimited(String message, Duration retryAfter) {
        return new DeliveryFailure(message, true, retryAfter, false);
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

    /** Whether the network may have posted it all the same: a timeout or a 5xx may hide a post, a refusal not. */
    public boolean maybePosted() {
        return maybePosted;
    }

    /** Whether the network said the part is on the account already, from an earlier try ({@link #postedAlready}). */
    public boolean postedAlready() {
        return postedAlready;
    }

    /** The delay a 429 asked for (Retry-After and the networks' own headers), null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
