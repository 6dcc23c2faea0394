package fr.tocsin.dissemination.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import fr.tocsin.contracts.problem.Problem;
import fr.tocsin.contracts.problem.ProblemFields;
import fr.tocsin.dissemination.rest.ErrorPages;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

/**
 * Errors of the authority endpoints (account registry, deliveries) as RFC 9457 problem+json naming the field;
 * on the citizens' pages, the DSFR error page of {@link ErrorPages} instead.
 */
public class ProblemMappers {

    private static final URI VALIDATION = URI.create("https://tocsin.fr/problems/validation");

    @Inject
    ErrorPages errorPages;

    /** Unknown department, commune or incident, an id that is no UUID, a path no resource serves. */
    @ServerExceptionMapper
    public Response notFound(jakarta.ws.rs.NotFoundException e, UriInfo uri) {
        return errorPages.response(404, uri.getPath(), "Introuvable / Not found",
                "Aucune ressource à cette adresse / nothing at this address");
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(ProblemFields.of(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return problem("Requête invalide / Invalid request", errors.size() + " invalid field(s)", uri, errors);
    }

    /** Overrides Quarkus' own mapper for this subtype (wrong type, unknown enum constant), which is not problem+json. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? ProblemFields.of(m) : "";
        return problem("JSON illisible / Unreadable JSON", e.getOriginalMessage(), uri,
                field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, e.getOriginalMessage())));
    }

    /**
     * What RESTEasy reports as a bare status: a body the JSON reader could not even start on (400), a content type
     * no method consumes (415), and the like.
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
            return problem("Requête invalide / Invalid request", detail, uri, List.of());
        }
        return Response.fromResponse(problem(status, URI.create("about:blank"),
                jakarta.ws.rs.core.Response.Status.fromStatusCode(status) == null ? "Erreur / Error"
                        : jakarta.ws.rs.core.Response.Status.fromStatusCode(status).getReasonPhrase(), detail, uri, List.of()))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return problem(403, URI.create("https://tocsin.fr/problems/forbidden"), "Interdit / Forbidden",
                "Votre rôle ne le permet pas / your role does not allow this", uri, List.of());
    }

    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(problem(401, URI.create("https://tocsin.fr/problems/unauthorized"),
                        "Non authentifié / Unauthenticated",
                        "Jeton porteur valide requis / a valid bearer token is required", uri, List.of()))
                .header("WWW-Authenticate", "Bearer").build();
    }

    private static Response problem(String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        return problem(400, VALIDATION, title, detail, uri, errors);
    }

    private static Response problem(int status, URI type, String title, String detail, UriInfo uri,
                                    List<Problem.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, title, status, detail, uri == null ? null : uri.getPath(), errors)).build();
    }
}
