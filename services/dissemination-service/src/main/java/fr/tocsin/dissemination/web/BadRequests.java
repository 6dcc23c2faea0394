package fr.tocsin.dissemination.web;

import fr.tocsin.contracts.problem.Problem;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import jakarta.ws.rs.WebApplicationException;
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

    /**
     * The {@code territory} parameter of the notices and feeds ("59", "department:59", "commune:14118", "FR"; all of
     * France when absent), or a 400 naming it when it is malformed or no territory has that code.
     */
    public static TerritoryRef territory(String territory) {
        TerritoryRef ref;
        try {
            ref = territory == null || territory.isBlank() ? TerritoryRef.national() : TerritoryRef.parse(territory);
        } catch (IllegalArgumentException e) {
            throw new WebApplicationException(badRequest("territory", e.getMessage()));
        }
        if (!TerritoryDirectory.get().exists(ref)) {
            throw new WebApplicationException(badRequest("territory", "territoire inconnu / unknown territory: " + ref));
        }
        return ref;
    }
}
