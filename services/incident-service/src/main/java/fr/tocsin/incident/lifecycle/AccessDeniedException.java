package fr.tocsin.incident.lifecycle;

import fr.tocsin.kit.problem.KitProblemException;

import java.util.List;

/** The actor is authenticated but may not do this (role or territory); answered 403. */
public class AccessDeniedException extends KitProblemException {

    public AccessDeniedException(String message) {
        super(403, FORBIDDEN, "Interdit / Forbidden", message, List.of());
    }
}
