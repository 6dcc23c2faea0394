package fr.tocsin.broadcast.delivery.persistence;

public enum DeliveryStatus {
    /** Waiting to be sent, or to be retried at {@code next_attempt_at}. */
    PENDING,
    SENT,
    /** Parked after the last attempt, or refused for good; visible, and re-driven on request. */
    FAILED,
    /** A newer version of the same numbers was planned before this one went out: only the newer one is posted. */
    SUPERSEDED
}
