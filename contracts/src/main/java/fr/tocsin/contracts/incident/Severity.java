package fr.tocsin.contracts.incident;

/** CAP 1.2 severity vocabulary. */
public enum Severity {
    EXTREME, SEVERE, MODERATE, MINOR, UNKNOWN
}
