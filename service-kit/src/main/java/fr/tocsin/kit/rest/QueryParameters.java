package fr.tocsin.kit.rest;

import fr.tocsin.contracts.problem.InvalidRequestException;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The optional query parameters several APIs take, parsed the same way everywhere: absent or blank is null, anything
 * else must parse, or the request is a 400 problem naming the parameter.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** A territory reference ({@code department:59}, {@code commune:59350}…). */
    public static TerritoryRef territory(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return TerritoryRef.parse(value);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(name, e.getMessage());
        }
    }

    /** An ISO-8601 instant ({@code 2026-06-02T16:00:00Z}). */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(name,
                    "date ISO-8601 attendue / ISO-8601 instant expected, e.g. 2026-06-02T16:00:00Z");
        }
    }
}
