package fr.tocsin.contracts.incident;

/** CAP 1.2 certainty vocabulary. */
public enum Certainty {
    OBSERVED, LIKELY, POSSIBLE, UNLIKELY, UNKNOWN
}
