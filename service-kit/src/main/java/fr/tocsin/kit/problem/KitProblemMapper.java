package fr.tocsin.kit.problem;

import fr.tocsin.contracts.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;

/** The kit's errors as problem+json, whatever the service's own mappers are. */
public class KitProblemMapper {

    @ServerExceptionMapper
    public Response problem(KitProblemException e, UriInfo uri) {
        URI type = URI.create(e.status() == 403 ? "https://tocsin.fr/problems/forbidden" : "https://tocsin.fr/problems/validation");
        return Response.status(e.status()).type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, e.title(), e.status(), e.getMessage(), uri == null ? null : uri.getPath(),
                        e.errors()))
                .build();
    }
}
