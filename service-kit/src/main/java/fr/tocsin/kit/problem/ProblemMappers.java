package fr.tocsin.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import fr.tocsin.contracts.json.SafeText;
import fr.tocsin.contracts.problem.InvalidRequestException;
import fr.tocsin.contracts.problem.Problem;
import fr.tocsin.contracts.problem.ProblemFields;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

/**
 * Every service's errors as RFC 9457 problem+json naming the field; nothing leaks a stack trace. A service's own
 * exceptions extend {@link KitProblemException}; a service maps its other exceptions with its own mapper, and may
 * replace the two catch-alls ({@link WebApplicationException}, {@link RuntimeException}), which rank below its own.
 */
public class ProblemMappers {

    /** Below a service's mapper of the same type (the lower number wins). */
    static final int FALLBACK = Priorities.USER + 100;

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    Instance<ErrorPage> errorPage;

    @ServerExceptionMapper
    public Response problem(KitProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = Response.fromResponse(
                problem(e.status(), e.type(), e.title(), e.getMessage(), uri, e.errors()));
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        return problem(400, KitProblemException.VALIDATION, "Requête invalide / Invalid request", e.getMessage(), uri,
                e.errors());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(ProblemFields.of(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return problem(400, KitProblemException.VALIDATION, "Requête invalide / Invalid request",
                errors.size() + " invalid field(s)", uri, errors);
    }

    /** Overrides Quarkus' own mapper for this subtype (wrong type, unknown enum constant), which is not problem+json. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? ProblemFields.of(m) : "";
        String message = e.getOriginalMessage();
        // Jackson quotes enum and type details that are useful, but never the whole stack.
        List<Problem.FieldError> errors = field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, message));
        return problem(400, KitProblemException.VALIDATION, "JSON illisible / Unreadable JSON", message, uri, errors);
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return problem(403, KitProblemException.FORBIDDEN, "Interdit / Forbidden",
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

    @ServerExceptionMapper(priority = FALLBACK)
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        return problem(status, URI.create("about:blank"), e.getResponse().getStatusInfo().getReasonPhrase(),
                e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper(priority = FALLBACK)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        // The path is the client's, decoded: %0d%0a would start a forged log line.
        LOG.errorf(e, "Unexpected error on %s", SafeText.forLog(uri.getPath()));
        if (errorPage.isResolvable()) {
            var page = errorPage.get().forPath(500, uri.getPath());
            if (page.isPresent()) {
                return page.get();
            }
        }
        return problem(500, URI.create("about:blank"), "Erreur interne / Internal error", "The error was logged.", uri,
                List.of());
    }

    /** A problem+json response; a service's own mappers build theirs with it. */
    public static Response problem(int status, URI type, String title, String detail, UriInfo uri,
                                   List<Problem.FieldError> errors) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, title, status, detail, uri == null ? null : uri.getPath(), errors))
                .build();
    }
}
