package fr.tocsin.contracts.incident;

/** What happened; the snapshot says the resulting state, the type only helps readers and posts. */
public enum IncidentEventType {
    DECLARED, UPDATED, STATUS_CHANGED, RESOLVED, CANCELLED
}
