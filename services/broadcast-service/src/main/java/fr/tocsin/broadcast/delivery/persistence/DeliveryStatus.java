package fr.tocsin.broadcast.delivery.persistence;

public enum DeliveryStatus {
    /** Waiting to be sent, or to be retried at {@code next_attempt_at}. */
    PENDING,
    SENT,
    /** Parked after the last attempt, or refused for good; visible, and re-driven on request. */
    FAILED,
    /**
     * A subscriber message claimed by a sender until {@code claimed_until} (a lease): being submitted, not recorded yet.
     */
    CLAIMED,
    /**
     * A subscriber message whose lease ran out unrecorded (its sender died mid-submit, or the SMSC never answered): it
     * may or may not have reached its destination, and is not sent again blindly.
     */
    UNKNOWN,
    /** A newer version of the same numbers was planned before this one went out: only the newer one is posted. */
    SUPERSEDED
}
