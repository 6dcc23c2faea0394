package fr.tocsin.dissemination.web;

import fr.tocsin.kit.problem.KitProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.List;

import static fr.tocsin.kit.problem.ProblemMappers.problem;

/**
 * On the citizens' pages, the DSFR error page of {@link ErrorPages}; the authority endpoints' errors are
 * problem+json naming the field, by service-kit's mappers (fr.tocsin.kit.problem.ProblemMappers), except these.
 */
public class ProblemMappers {

    @Inject
    ErrorPages errorPages;

    /** Unknown department, commune or incident, an id that is no UUID, a path no resource serves. */
    @ServerExceptionMapper
    public Response notFound(jakarta.ws.rs.NotFoundException e, UriInfo uri) {
        return errorPages.response(404, uri.getPath(), "Introuvable / Not found",
                "Aucune ressource à cette adresse / nothing at this address");
    }

    /**
     * What RESTEasy reports as a bare status: a body the JSON reader could not even start on (400), a content type
     * no method consumes (415), and the like. Replaces the kit's mapper of the same type (pages get pages).
     */
    @ServerExceptionMapper
    public Response badRequest(jakarta.ws.rs.WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status < 400 || e.getResponse().hasEntity()) {
            return e.getResponse();
        }
        if (ErrorPages.isPage(uri.getPath())) {
            return Response.fromResponse(errorPages.response(status, uri.getPath(), "", "")).build();
        }
        if (status >= 500 || status == 404) {
            return e.getResponse();
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String detail = cause.getMessage() == null ? "Unreadable request body" : cause.getMessage().lines().findFirst().orElse("");
        if (status == 400) {
            return problem(400, KitProblemException.VALIDATION, "Requête invalide / Invalid request", detail, uri,
                    List.of());
        }
        return Response.fromResponse(problem(status, URI.create("about:blank"),
                jakarta.ws.rs.core.Response.Status.fromStatusCode(status) == null ? "Erreur / Error"
                        : jakarta.ws.rs.core.Response.Status.fromStatusCode(status).getReasonPhrase(), detail, uri, List.of()))
                .build();
    }
}
