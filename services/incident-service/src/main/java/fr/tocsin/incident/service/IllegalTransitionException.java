package fr.tocsin.incident.service;

/** The change is not allowed in the incident's current status (409). */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}
