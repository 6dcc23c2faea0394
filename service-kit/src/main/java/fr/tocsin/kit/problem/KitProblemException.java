package fr.tocsin.kit.problem;

import fr.tocsin.contracts.problem.Problem;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * An error a service answers as RFC 9457 problem+json ({@link ProblemMappers}): the kit's own, and each service's
 * (its not-found, forbidden, conflict exceptions extend this one instead of each needing a mapper).
 */
public class KitProblemException extends RuntimeException {

    public static final URI FORBIDDEN = URI.create("https://tocsin.fr/problems/forbidden");
    public static final URI NOT_FOUND = URI.create("https://tocsin.fr/problems/not-found");
    public static final URI VALIDATION = URI.create("https://tocsin.fr/problems/validation");

    private final int status;
    private final URI type;
    private final String title;
    private final List<Problem.FieldError> errors;

    protected KitProblemException(int status, URI type, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static KitProblemException forbidden(String detail) {
        return new KitProblemException(403, FORBIDDEN, "Interdit / Forbidden", detail, List.of());
    }

    public static KitProblemException notFound(String detail) {
        return new KitProblemException(404, NOT_FOUND, "Introuvable / Not found", detail, List.of());
    }

    public static KitProblemException invalid(String field, String message) {
        return new KitProblemException(400, VALIDATION, "Requête invalide / Invalid request", message,
                List.of(new Problem.FieldError(field, message)));
    }

    public int status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Response headers the problem comes with (a 412's current ETag). */
    public Map<String, String> headers() {
        return Map.of();
    }
}
