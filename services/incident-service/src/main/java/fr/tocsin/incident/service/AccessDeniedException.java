package fr.tocsin.incident.service;

/** The actor is authenticated but may not do this (role or territory); answered 403. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
