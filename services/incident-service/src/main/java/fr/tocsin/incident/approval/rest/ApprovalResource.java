package fr.tocsin.incident.approval.rest;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.incident.approval.Approvals;
import fr.tocsin.incident.idempotency.rest.IdempotentPosts;
import fr.tocsin.incident.lifecycle.IncidentView;
import fr.tocsin.incident.lifecycle.rest.CloseIncidentRequest;
import fr.tocsin.incident.lifecycle.rest.ETags;
import fr.tocsin.kit.auth.TokenActor;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

import static fr.tocsin.incident.idempotency.rest.IdempotentPosts.IDEMPOTENCY_KEY;

/** Four-eyes: the second person approves or rejects a draft or a pending change. */
@Path("/api/v1/incidents")
@Tag(name = "Incidents", description = "Declare, update, approve and end incidents (JSON or CAP 1.2)")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalResource {

    @Inject
    Approvals approvals;

    @Inject
    IdempotentPosts posts;

    @Inject
    TokenActor currentActor;

    @POST
    @Path("/{id}/approve")
    @APIResponse(responseCode = "200", description = "Done: the incident as it now is, with its ETag",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's current status")
    @Operation(operationId = "approveIncident", summary = "Approve a draft or a pending change (four-eyes): it becomes public",
            description = "By an authority in scope other than whoever wrote or last edited it; never an operator; "
                    + "a national incident only by a ministry.")
    public Response approve(@PathParam("id") UUID id, UriInfo uri, @HeaderParam("If-Match") String ifMatch,
                            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return posts.answer(actor, idempotencyKey, "POST " + uri.getPath(), null,
                () -> posts.stored(200, approvals.approve(actor, id, ETags.expectedVersion(ifMatch)), null));
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Done: the incident as it now is, with its ETag",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's current status")
    @Operation(operationId = "rejectIncident", summary = "Reject a draft or a pending change (four-eyes): it never becomes public",
            description = "A rejected draft is cancelled without ever being public; a rejected change is dropped and the "
                    + "public keeps the approved version. Same rules as approve; recorded in the audit trail.")
    public Response reject(@PathParam("id") UUID id, @Valid CloseIncidentRequest request, UriInfo uri,
                           @HeaderParam("If-Match") String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return posts.answer(actor, idempotencyKey, "POST " + uri.getPath(), request, () -> posts.stored(200,
                approvals.reject(actor, id, ETags.expectedVersion(ifMatch), CloseIncidentRequest.message(request)), null));
    }
}
