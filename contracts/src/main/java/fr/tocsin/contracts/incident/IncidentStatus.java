package fr.tocsin.contracts.incident;

/**
 * Life cycle: DRAFT → ACTIVE ⇄ MONITORING → RESOLVED, or CANCELLED when declared in error. Planned works
 * (issue #22): DRAFT → SCHEDULED until their planned start, then ACTIVE, and RESOLVED at their planned end.
 */
public enum IncidentStatus {
    DRAFT, ACTIVE, MONITORING, RESOLVED, CANCELLED,
    /** Planned works announced ahead: public as upcoming, not in force (no fallback number goes live). Added in #22. */
    SCHEDULED;

    /** In force: the public must see it and fallback numbers must be live. */
    public boolean inForce() {
        return this == ACTIVE || this == MONITORING;
    }

    /** Announced ahead, not yet in force. */
    public boolean upcoming() {
        return this == SCHEDULED;
    }

    public boolean terminal() {
        return this == RESOLVED || this == CANCELLED;
    }
}
