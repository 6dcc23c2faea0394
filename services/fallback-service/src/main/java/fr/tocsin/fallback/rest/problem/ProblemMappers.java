package fr.tocsin.fallback.rest.problem;

import fr.tocsin.contracts.json.SafeText;
import com.fasterxml.jackson.core.JsonProcessingException;
import fr.tocsin.contracts.problem.InvalidRequestException;
import fr.tocsin.contracts.problem.Problem;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import fr.tocsin.fallback.service.AccessDeniedException;
import fr.tocsin.fallback.service.NumberNotFoundException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

/** Every error leaves as RFC 9457 problem+json. */
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
                .map(v -> new Problem.FieldError(field(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field)).toList();
        return problem(400, VALIDATION, "Requête invalide / Invalid request", errors.size() + " invalid field(s)", uri, errors);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("") : "";
        return problem(400, VALIDATION, "JSON illisible / Unreadable JSON", e.getOriginalMessage(), uri,
                field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, e.getOriginalMessage())));
    }

    @ServerExceptionMapper
    public Response denied(AccessDeniedException e, UriInfo uri) {
        return problem(403, URI.create("https://tocsin.fr/problems/forbidden"), "Interdit / Forbidden", e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(problem(401, URI.create("https://tocsin.fr/problems/unauthorized"),
                "Non authentifié / Unauthenticated", "Jeton porteur valide requis / a valid bearer token is required",
                uri, List.of())).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response notFound(NumberNotFoundException e, UriInfo uri) {
        return problem(404, URI.create("https://tocsin.fr/problems/not-found"), "Introuvable / Not found", e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        return problem(e.getResponse().getStatus(), URI.create("about:blank"),
                e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        // The path is the client's, decoded: %0d%0a would start a forged log line.
        LOG.errorf(e, "Unexpected error on %s", SafeText.forLog(uri.getPath()));
        return problem(500, URI.create("about:blank"), "Erreur interne / Internal error", "The error was logged.", uri, List.of());
    }

    static Response problem(int status, URI type, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, title, status, detail, uri == null ? null : uri.getPath(), errors)).build();
    }

    private static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                field.append(field.length() > 0 ? "." : "").append(node.getName());
            }
        }
        return field.toString();
    }
}
