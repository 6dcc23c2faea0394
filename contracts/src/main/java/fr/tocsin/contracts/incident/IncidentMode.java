package fr.tocsin.contracts.incident;

/** Mirrors CAP's status Actual / Exercise / Test: only ACTUAL incidents reach the public and real accounts. */
public enum IncidentMode {
    ACTUAL, EXERCISE, TEST
}
