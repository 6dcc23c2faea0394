package fr.tocsin.kit.problem;

import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * A service that also serves HTML pages (dissemination-service) implements this bean: an unexpected error on one of
 * its pages answers its error page, not problem+json.
 */
public interface ErrorPage {

    /** The page for this status, or empty when the path is an API's. */
    Optional<Response> forPath(int status, String path);
}
