package fr.tocsin.incident.cap.rest;

import fr.tocsin.contracts.cap.CapAlert;
import fr.tocsin.contracts.cap.CapXml;
import fr.tocsin.incident.cap.CapIngestion;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.incident.idempotency.rest.IdempotentPosts;
import fr.tocsin.incident.lifecycle.IncidentView;
import fr.tocsin.kit.auth.TokenActor;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import static fr.tocsin.incident.idempotency.rest.IdempotentPosts.IDEMPOTENCY_KEY;

/** CAP 1.2 in: an Alert declares, an Update or a Cancel changes the incident of the message it references. */
@Path("/api/v1/incidents")
@Tag(name = "Incidents", description = "Declare, update, approve and end incidents (JSON or CAP 1.2)")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CapResource {

    static final String CAP_XML = "application/cap+xml";

    @Inject
    CapIngestion cap;

    @Inject
    IdempotentPosts posts;

    @Inject
    TokenActor currentActor;

    @POST
    @Consumes(CAP_XML)
    @APIResponse(responseCode = "200", description = "A CAP Update or Cancel applied, or a message sent again: the incident",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "202", description = "A CAP Update or Cancel waiting for a second person",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "404", description = "An Update or Cancel whose references name no incident of the caller's reach")
    @APIResponse(responseCode = "409", description = "An Update or Cancel of an incident already closed")
    @Operation(summary = "Declare, update or cancel through a CAP 1.2 message",
            description = "An Alert declares; an Update or a Cancel names the earlier message in references. Services "
                    + "as eventCode TOCSIN_SERVICE, territories as area geocode INSEE (FR, 59, 14118, region:32). "
                    + "An Update with urgency Past or responseType AllClear resolves. A message sent again (same sender "
                    + "and identifier) changes nothing and returns the incident.")
    public Response declareFromCap(byte[] body, UriInfo uri, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        CapAlert alert = CapXml.parse(body);
        return posts.answer(actor, idempotencyKey, "POST CAP " + uri.getPath(), body, () -> {
            CapIngestion.Result result = cap.ingest(actor, alert);
            return posts.stored(result.created() ? 201 : IdempotentPosts.changed(result.incident()), result.incident(), result.created()
                    ? uri.getAbsolutePathBuilder().path(result.incident().incident().id().toString()).build() : null);
        });
    }
}
