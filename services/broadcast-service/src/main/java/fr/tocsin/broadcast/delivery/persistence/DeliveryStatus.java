package fr.tocsin.broadcast.delivery.persistence;

public enum DeliveryStatus {
    /** Waiting to be sent, or to be retried at {@code next_attempt_at}. */
    PENDING,
    SENT,
    /** Parked after the last attempt, or refused for good; visible, and re-driven on request. */
    FAILED,
    /**
     * A subscriber message claimed by a sender until {@code claimed_until} (a lease), not submitted yet: if the lease
     * runs out, it is due again.
     */
    CLAIMED,
    /**
     * A claimed subscriber message about to be submitted (committed just before its submit_sm or SMTP send): if its
     * lease runs out unrecorded it may have left, so it becomes UNKNOWN; a CLAIMED one never got this far and is due
     * again.
     */
    SUBMITTING,
    /**
     * A subscriber message whose lease ran out while SUBMITTING (its sender died mid-submit), or that the SMSC never
     * answered; a post whose sender stopped after a request to a network without idempotency keys and before its
     * outcome was committed: it may or may not have reached its destination, and is not sent again blindly (a post is
     * re-driven by an operator who found it missing).
     */
    UNKNOWN,
    /** A newer version of the same numbers was planned before this one went out: only the newer one is posted. */
    SUPERSEDED
}
