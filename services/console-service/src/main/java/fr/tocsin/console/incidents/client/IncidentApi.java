package fr.tocsin.console.incidents.client;

import fr.tocsin.console.signin.client.PersonsAccessToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.UUID;

/**
 * incident-service's API, called with the signed-in person's own access token ({@link PersonsAccessToken}: the token the
 * authorization code flow gave them), so the console can do exactly what the person could with curl, no more.
 * Refusals come back as {@code WebApplicationException}s carrying the API's problem+json.
 */
@RegisterRestClient(configKey = "incident-api")
@RegisterProvider(PersonsAccessToken.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface IncidentApi {

    String IF_MATCH = "If-Match";
    String IDEMPOTENCY_KEY = "Idempotency-Key";

    @GET
    @Path("/incidents")
    List<IncidentJson> list(@QueryParam("status") List<String> statuses, @QueryParam("limit") int limit);

    @GET
    @Path("/incidents/{id}")
    IncidentJson get(@PathParam("id") UUID id);

    @GET
    @Path("/templates")
    List<IncidentJson.Template> templates();

    @POST
    @Path("/incidents")
    IncidentJson declare(Bodies.Declare body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey);

    @POST
    @Path("/incidents/{id}/updates")
    IncidentJson update(@PathParam("id") UUID id, Bodies.Update body, @HeaderParam(IF_MATCH) String ifMatch,
                        @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey);

    @POST
    @Path("/incidents/{id}/approve")
    IncidentJson approve(@PathParam("id") UUID id, @HeaderParam(IF_MATCH) String ifMatch,
                         @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey);

    @POST
    @Path("/incidents/{id}/reject")
    IncidentJson reject(@PathParam("id") UUID id, Bodies.Close body, @HeaderParam(IF_MATCH) String ifMatch,
                        @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey);

    @POST
    @Path("/incidents/{id}/resolve")
    IncidentJson resolve(@PathParam("id") UUID id, Bodies.Close body, @HeaderParam(IF_MATCH) String ifMatch,
                         @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey);

    @POST
    @Path("/incidents/{id}/cancel")
    IncidentJson cancel(@PathParam("id") UUID id, Bodies.Close body, @HeaderParam(IF_MATCH) String ifMatch,
                        @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey);
}
