package fr.tocsin.contracts.incident;

/** Life cycle: DRAFT → ACTIVE ⇄ MONITORING → RESOLVED, or CANCELLED when declared in error. */
public enum IncidentStatus {
    DRAFT, ACTIVE, MONITORING, RESOLVED, CANCELLED;

    /** In force: the public must see it and fallback numbers must be live. */
    public boolean inForce() {
        return this == ACTIVE || this == MONITORING;
    }

    public boolean terminal() {
        return this == RESOLVED || this == CANCELLED;
    }
}
