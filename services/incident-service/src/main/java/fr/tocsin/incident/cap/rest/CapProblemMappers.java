package fr.tocsin.incident.cap.rest;

import fr.tocsin.contracts.cap.CapFormatException;
import fr.tocsin.contracts.cap.CapVersionException;
import fr.tocsin.contracts.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.List;

import static fr.tocsin.kit.problem.ProblemMappers.problem;

/** CAP errors as problem+json; every other error is service-kit's (fr.tocsin.kit.problem.ProblemMappers). */
public class CapProblemMappers {

    /** CAP 1.0 or 1.1 (or no CAP at all): named as such, not as a schema error on element 'alert'. */
    @ServerExceptionMapper
    public Response unsupportedCapVersion(CapVersionException e, UriInfo uri) {
        return problem(400, URI.create("https://tocsin.fr/problems/unsupported-cap-version"),
                "Version de CAP non prise en charge / Unsupported CAP version", e.getMessage(), uri,
                List.of(new Problem.FieldError("alert.xmlns", e.getMessage())));
    }

    @ServerExceptionMapper
    public Response invalidCap(CapFormatException e, UriInfo uri) {
        return problem(400, URI.create("https://tocsin.fr/problems/invalid-cap"), "CAP 1.2 invalide / Invalid CAP 1.2",
                e.getMessage(), uri, List.of(new Problem.FieldError("alert", e.getMessage())));
    }
}
