package fr.tocsin.contracts.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.util.List;

/**
 * RFC 9457 problem details, the error shape of every Tocsin API, with the offending fields listed so a client
 * can point at each one.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** {@code field} is a JSON path into the request body ({@code title.fr}, {@code territories[2]}). */
    public record FieldError(String field, String message) {
    }
}
