package fr.tocsin.fallback.directory;

import fr.tocsin.kit.problem.KitProblemException;

import java.util.List;

/** Authenticated, but not allowed here (role or territory): 403. */
public class AccessDeniedException extends KitProblemException {

    public AccessDeniedException(String message) {
        super(403, FORBIDDEN, "Interdit / Forbidden", message, List.of());
    }
}
