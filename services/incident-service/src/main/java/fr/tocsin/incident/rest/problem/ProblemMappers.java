package fr.tocsin.incident.rest.problem;

import fr.tocsin.contracts.json.SafeText;
import com.fasterxml.jackson.core.JsonProcessingException;
import fr.tocsin.contracts.problem.InvalidRequestException;
import fr.tocsin.contracts.problem.Problem;
import fr.tocsin.contracts.problem.ProblemFields;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolationException;
import fr.tocsin.contracts.cap.CapFormatException;
import fr.tocsin.incident.service.AccessDeniedException;
import fr.tocsin.incident.service.IllegalTransitionException;
import fr.tocsin.incident.service.IncidentNotFoundException;
import fr.tocsin.incident.service.StaleVersionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

/** Every error leaves as RFC 9457 problem+json; nothing leaks a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final URI VALIDATION = URI.create("https://tocsin.fr/problems/validation");

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        return problem(400, VALIDATION, "Requête invalide / Invalid request", e.getMessage(), uri, e.errors());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(ProblemFields.of(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return problem(400, VALIDATION, "Requête invalide / Invalid request",
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
        List<Problem.FieldError> errors = field.isEmpty() ? List.of()
                : List.of(new Problem.FieldError(field, message));
        return problem(400, VALIDATION, "JSON illisible / Unreadable JSON", message, uri, errors);
    }

    /** CAP 1.0 or 1.1 (or no CAP at all): named as such, not as a schema error on element 'alert'. */
    @ServerExceptionMapper
    public Response unsupportedCapVersion(fr.tocsin.contracts.cap.CapVersionException e, UriInfo uri) {
        return problem(400, URI.create("https://tocsin.fr/problems/unsupported-cap-version"),
                "Version de CAP non prise en charge / Unsupported CAP version", e.getMessage(), uri,
                List.of(new Problem.FieldError("alert.xmlns", e.getMessage())));
    }

    @ServerExceptionMapper
    public Response invalidCap(CapFormatException e, UriInfo uri) {
        return problem(400, URI.create("https://tocsin.fr/problems/invalid-cap"), "CAP 1.2 invalide / Invalid CAP 1.2",
                e.getMessage(), uri, List.of(new Problem.FieldError("alert", e.getMessage())));
    }

    @ServerExceptionMapper
    public Response denied(AccessDeniedException e, UriInfo uri) {
        return problem(403, URI.create("https://tocsin.fr/problems/forbidden"), "Interdit / Forbidden", e.getMessage(),
                uri, List.of());
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

    @ServerExceptionMapper
    public Response notFound(IncidentNotFoundException e, UriInfo uri) {
        return problem(404, URI.create("https://tocsin.fr/problems/not-found"), "Introuvable / Not found",
                e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response stale(StaleVersionException e, UriInfo uri) {
        Response problem = problem(412, URI.create("https://tocsin.fr/problems/stale-version"),
                "Version périmée / Stale version", e.getMessage(), uri, List.of());
        return e.currentVersion() < 0 ? problem
                : Response.fromResponse(problem).header("ETag", "\"" + e.currentVersion() + "\"").build();
    }

    @ServerExceptionMapper
    public Response preconditionRequired(PreconditionRequiredException e, UriInfo uri) {
        return problem(428, URI.create("https://tocsin.fr/problems/precondition-required"),
                "If-Match requis / If-Match required", e.getMessage(), uri,
                List.of(new Problem.FieldError("If-Match", e.getMessage())));
    }

    @ServerExceptionMapper
    public Response conflict(IllegalTransitionException e, UriInfo uri) {
        return problem(409, URI.create("https://tocsin.fr/problems/illegal-transition"),
                "Changement impossible / Not possible now", e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        return problem(status, URI.create("about:blank"), e.getResponse().getStatusInfo().getReasonPhrase(),
                e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        // The path is the client's, decoded: %0d%0a would start a forged log line.
        LOG.errorf(e, "Unexpected error on %s", SafeText.forLog(uri.getPath()));
        return problem(500, URI.create("about:blank"), "Erreur interne / Internal error",
                "The error was logged.", uri, List.of());
    }

    static Response problem(int status, URI type, String title, String detail, UriInfo uri,
                            List<Problem.FieldError> errors) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, title, status, detail, uri == null ? null : uri.getPath(), errors))
                .build();
    }
}
