package fr.tocsin.incident.declaration.rest;

import fr.tocsin.kit.rest.QueryParameters;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.incident.declaration.Declarations;
import fr.tocsin.incident.idempotency.rest.IdempotentPosts;
import fr.tocsin.incident.lifecycle.IncidentNotFoundException;
import fr.tocsin.incident.lifecycle.IncidentView;
import fr.tocsin.incident.lifecycle.rest.CloseIncidentRequest;
import fr.tocsin.incident.lifecycle.rest.ETags;
import fr.tocsin.kit.auth.TokenActor;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static fr.tocsin.incident.idempotency.rest.IdempotentPosts.IDEMPOTENCY_KEY;

/**
 * The authority API of declaration: declare, read, update, resolve and cancel (approval and CAP have their own
 * resources on the same path). Every POST honours {@code Idempotency-Key}; every change of an existing incident
 * needs {@code If-Match} with its current ETag.
 */
@Path("/api/v1/incidents")
@Tag(name = "Incidents", description = "Declare, update, approve and end incidents (JSON or CAP 1.2)")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    @Inject
    Declarations incidents;

    @Inject
    IdempotentPosts posts;

    @Inject
    TokenActor currentActor;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Declared, in force or as a draft awaiting approval, at Location",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @Operation(operationId = "declareIncident", summary = "Declare an incident",
            description = "Active at once, or a draft awaiting a second person's approval when national, extreme, or "
                    + "declared by an operator. With plannedStartAt and plannedEndAt, planned works: SCHEDULED "
                    + "(public as upcoming, no fallback number live) until the start, then ACTIVE and, at the end, "
                    + "RESOLVED by themselves (timeline entries by \"Programmation automatique (Tocsin)\"), unless "
                    + "someone ended them before. An operator's plan waits for approval like any of its declarations.")
    public Response declare(@NotNull @Valid DeclareIncidentRequest request, UriInfo uri,
                            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return posts.answer(actor, idempotencyKey, "POST " + uri.getPath(), request, () -> {
            IncidentView created = incidents.declare(actor, DeclareIncidentRequest.command(request));
            return posts.stored(201, created, uri.getAbsolutePathBuilder().path(created.incident().id().toString()).build());
        });
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getIncident", summary = "One incident with its timeline, and its pending change when the caller may see it",
            description = "Within the caller's territories; a draft or a pending change only for its author, its "
                    + "editors and whoever may approve it (404 otherwise).")
    public Response get(@PathParam("id") UUID id) {
        IncidentView incident = incidents.find(currentActor.get(), id).orElseThrow(() -> new IncidentNotFoundException(id));
        return Response.ok(incident).tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(incident.version()))).build();
    }

    @GET
    @Operation(operationId = "listIncidents", summary = "List incidents, most recently changed first",
            description = "Only incidents within the caller's territories; drafts and pending changes only for their "
                    + "author, editors and whoever may approve them.")
    public List<IncidentView> list(
            @Parameter(description = "DRAFT, SCHEDULED (planned works not begun), ACTIVE, MONITORING, RESOLVED, CANCELLED; repeatable")
            @QueryParam("status") Set<IncidentStatus> statuses,
            @Parameter(description = "Incidents affecting it, including national and regional ones covering it: "
                    + "59, department:59, region:32, commune:14118, FR")
            @QueryParam("territory") String territory,
            @Parameter(description = "An affected service: 15, 112, mairie, ...") @QueryParam("service") String service,
            @Parameter(description = "Changed at or after this instant (ISO-8601)") @QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return incidents.list(currentActor.get(), new Declarations.Filter(statuses, QueryParameters.territory("territory", territory), service,
                QueryParameters.instant("since", since), limit));
    }

    @POST
    @Path("/{id}/updates")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Done: the incident as it now is, with its ETag",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "202", description = "Waiting for a second person: the incident with its pendingChange",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's current status")
    @Operation(operationId = "updateIncident", summary = "Add an update to the timeline, optionally changing fields or moving ACTIVE ⇄ MONITORING",
            description = "200 when public at once; 202 when the change waits for a second person (an operator's, "
                    + "extreme or national incident, or a change making it so): the public keeps the approved "
                    + "version, and the answer carries pendingChange.")
    public Response update(@PathParam("id") UUID id, @NotNull @Valid UpdateIncidentRequest request, UriInfo uri,
                           @HeaderParam("If-Match") String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return posts.answer(actor, idempotencyKey, "POST " + uri.getPath(), request, () -> {
            IncidentView view = incidents.update(actor, id, ETags.expectedVersion(ifMatch), UpdateIncidentRequest.command(request));
            return posts.stored(IdempotentPosts.changed(view), view, null);
        });
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Done: the incident as it now is, with its ETag",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "202", description = "Waiting for a second person: the incident with its pendingChange",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's current status")
    @Operation(operationId = "resolveIncident", summary = "End an incident: the service is restored",
            description = "202 with pendingChange when the end needs a second person (see updates).")
    public Response resolve(@PathParam("id") UUID id, @Valid CloseIncidentRequest request, UriInfo uri,
                            @HeaderParam("If-Match") String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return posts.answer(actor, idempotencyKey, "POST " + uri.getPath(), request, () -> {
            IncidentView view = incidents.resolve(actor, id, ETags.expectedVersion(ifMatch),
                    CloseIncidentRequest.message(request));
            return posts.stored(IdempotentPosts.changed(view), view, null);
        });
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Done: the incident as it now is, with its ETag",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "202", description = "Waiting for a second person: the incident with its pendingChange",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's current status")
    @Operation(operationId = "cancelIncident", summary = "Cancel an incident declared in error",
            description = "A draft cancelled is never public. 202 with pendingChange when cancelling a released "
                    + "incident needs a second person (see updates).")
    public Response cancel(@PathParam("id") UUID id, @Valid CloseIncidentRequest request, UriInfo uri,
                           @HeaderParam("If-Match") String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return posts.answer(actor, idempotencyKey, "POST " + uri.getPath(), request, () -> {
            IncidentView view = incidents.cancel(actor, id, ETags.expectedVersion(ifMatch),
                    CloseIncidentRequest.message(request));
            return posts.stored(IdempotentPosts.changed(view), view, null);
        });
    }
}
