package fr.tocsin.kit.problem;

import fr.tocsin.contracts.problem.Problem;

import java.util.List;

/** An error of the kit's own endpoints, sent as RFC 9457 problem+json by {@link KitProblemMapper}. */
public class KitProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    private KitProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    public static KitProblemException forbidden(String detail) {
        return new KitProblemException(403, "Interdit / Forbidden", detail, List.of());
    }

    public static KitProblemException invalid(String field, String message) {
        return new KitProblemException(400, "Requête invalide / Invalid request", message,
                List.of(new Problem.FieldError(field, message)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
