package fr.tocsin.dissemination.web;

import fr.tocsin.contracts.problem.Problem;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** The public API's refusal of a parameter (notices, feeds): 400 problem+json naming the field. */
public final class BadRequests {

    private BadRequests() {
    }

    public static Response badRequest(String field, String message) {
        return Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(new Problem(URI.create("https://tocsin.fr/problems/validation"), "Requête invalide / Invalid request",
                        400, message, null, List.of(new Problem.FieldError(field, message))))
                .build();
    }
}
