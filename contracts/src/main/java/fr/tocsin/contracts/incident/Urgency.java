package fr.tocsin.contracts.incident;

/** CAP 1.2 urgency vocabulary. */
public enum Urgency {
    IMMEDIATE, EXPECTED, FUTURE, PAST, UNKNOWN
}
