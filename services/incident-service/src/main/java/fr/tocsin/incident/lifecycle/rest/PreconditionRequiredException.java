package fr.tocsin.incident.lifecycle.rest;

import fr.tocsin.contracts.problem.Problem;
import fr.tocsin.kit.problem.KitProblemException;

import java.net.URI;
import java.util.List;

/** A change sent without If-Match: it could silently overwrite someone else's (RFC 6585, 428). */
public class PreconditionRequiredException extends KitProblemException {

    private static final String MESSAGE =
            "En-tête If-Match obligatoire / If-Match header required: send the ETag of the version you are changing";

    public PreconditionRequiredException() {
        super(428, URI.create("https://tocsin.fr/problems/precondition-required"), "If-Match requis / If-Match required",
                MESSAGE, List.of(new Problem.FieldError("If-Match", MESSAGE)));
    }
}
