package fr.tocsin.incident.lifecycle;

import fr.tocsin.kit.problem.KitProblemException;

import java.net.URI;
import java.util.List;

/** The change is not allowed in the incident's current status (409). */
public class IllegalTransitionException extends KitProblemException {

    public IllegalTransitionException(String message) {
        super(409, URI.create("https://tocsin.fr/problems/illegal-transition"), "Changement impossible / Not possible now",
                message, List.of());
    }
}
