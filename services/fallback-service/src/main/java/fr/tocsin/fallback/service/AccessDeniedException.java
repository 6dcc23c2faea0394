package fr.tocsin.fallback.service;

/** Authenticated, but not allowed here (role or territory): 403. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
