package fr.tocsin.incident.rest;

import fr.tocsin.kit.auth.TokenActor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.cap.CapAlert;
import fr.tocsin.contracts.cap.CapXml;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.incident.rest.dto.CloseIncidentRequest;
import fr.tocsin.incident.rest.dto.DeclareIncidentRequest;
import fr.tocsin.incident.rest.dto.UpdateIncidentRequest;
import fr.tocsin.contracts.problem.InvalidRequestException;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.incident.service.CapIngestion;
import fr.tocsin.incident.service.IdempotencyService;
import fr.tocsin.incident.service.IdempotencyService.StoredResponse;
import fr.tocsin.incident.service.IncidentNotFoundException;
import fr.tocsin.incident.service.IncidentService;
import fr.tocsin.incident.service.IncidentView;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The authority API. Every POST honours {@code Idempotency-Key}; every change of an existing incident needs
 * {@code If-Match} with its current ETag.
 */
@Path("/api/v1/incidents")
@Tag(name = "Incidents", description = "Declare, update, approve and end incidents (JSON or CAP 1.2)")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String CAP_XML = "application/cap+xml";

    @Inject
    CapIngestion cap;

    @Inject
    IncidentService incidents;

    @Inject
    IdempotencyService idempotency;

    @Inject
    TokenActor currentActor;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Declared, in force or as a draft awaiting approval, at Location",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @Operation(operationId = "declareIncident", summary = "Declare an incident",
            description = "Active at once, or a draft awaiting a second person's approval when national, extreme, or "
                    + "declared by an operator.")
    public Response declare(@NotNull @Valid DeclareIncidentRequest request, UriInfo uri,
                            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return idempotent(actor, idempotencyKey, "POST " + uri.getPath(), request, () -> {
            IncidentView created = incidents.declare(actor, request);
            return stored(201, created, uri.getAbsolutePathBuilder().path(created.incident().id().toString()).build());
        });
    }

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
        return idempotent(actor, idempotencyKey, "POST CAP " + uri.getPath(), body, () -> {
            CapIngestion.Result result = cap.ingest(actor, alert);
            return stored(result.created() ? 201 : changed(result.incident()), result.incident(), result.created()
                    ? uri.getAbsolutePathBuilder().path(result.incident().incident().id().toString()).build() : null);
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
            @Parameter(description = "DRAFT, ACTIVE, MONITORING, RESOLVED, CANCELLED; repeatable")
            @QueryParam("status") Set<IncidentStatus> statuses,
            @Parameter(description = "Incidents affecting it, including national and regional ones covering it: "
                    + "59, department:59, region:32, commune:14118, FR")
            @QueryParam("territory") String territory,
            @Parameter(description = "An affected service: 15, 112, mairie, ...") @QueryParam("service") String service,
            @Parameter(description = "Changed at or after this instant (ISO-8601)") @QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return incidents.list(currentActor.get(), new IncidentService.Filter(statuses, territory(territory), service, instant(since), limit));
    }

    @POST
    @Path("/{id}/updates")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Done: the incident as it now is, with its ETag",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "202", description = "Waiting for a second person: the incident with its pendingChange",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's current status")
    @APIResponse(responseCode = "412", description = "If-Match names an older version; the current ETag is returned")
    @APIResponse(responseCode = "428", description = "If-Match is missing: send the incident's current ETag")
    @Operation(operationId = "updateIncident", summary = "Add an update to the timeline, optionally changing fields or moving ACTIVE ⇄ MONITORING",
            description = "200 when public at once; 202 when the change waits for a second person (an operator's, "
                    + "extreme or national incident, or a change making it so): the public keeps the approved "
                    + "version, and the answer carries pendingChange.")
    public Response update(@PathParam("id") UUID id, @NotNull @Valid UpdateIncidentRequest request, UriInfo uri,
                           @HeaderParam("If-Match") String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return idempotent(actor, idempotencyKey, "POST " + uri.getPath(), request, () -> {
            IncidentView view = incidents.update(actor, id, ETags.expectedVersion(ifMatch), request);
            return stored(changed(view), view, null);
        });
    }

    @POST
    @Path("/{id}/approve")
    @APIResponse(responseCode = "200", description = "Done: the incident as it now is, with its ETag",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's current status")
    @APIResponse(responseCode = "412", description = "If-Match names an older version; the current ETag is returned")
    @APIResponse(responseCode = "428", description = "If-Match is missing: send the incident's current ETag")
    @Operation(operationId = "approveIncident", summary = "Approve a draft or a pending change (four-eyes): it becomes public",
            description = "By an authority in scope other than whoever wrote or last edited it; never an operator; "
                    + "a national incident only by a ministry.")
    public Response approve(@PathParam("id") UUID id, UriInfo uri, @HeaderParam("If-Match") String ifMatch,
                            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return idempotent(actor, idempotencyKey, "POST " + uri.getPath(), null,
                () -> stored(200, incidents.approve(actor, id, ETags.expectedVersion(ifMatch)), null));
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Done: the incident as it now is, with its ETag",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's current status")
    @APIResponse(responseCode = "412", description = "If-Match names an older version; the current ETag is returned")
    @APIResponse(responseCode = "428", description = "If-Match is missing: send the incident's current ETag")
    @Operation(operationId = "rejectIncident", summary = "Reject a draft or a pending change (four-eyes): it never becomes public",
            description = "A rejected draft is cancelled without ever being public; a rejected change is dropped and the "
                    + "public keeps the approved version. Same rules as approve; recorded in the audit trail.")
    public Response reject(@PathParam("id") UUID id, @Valid CloseIncidentRequest request, UriInfo uri,
                           @HeaderParam("If-Match") String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return idempotent(actor, idempotencyKey, "POST " + uri.getPath(), request, () -> stored(200,
                incidents.reject(actor, id, ETags.expectedVersion(ifMatch), request == null ? null : request.message()), null));
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Done: the incident as it now is, with its ETag",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "202", description = "Waiting for a second person: the incident with its pendingChange",
            content = @Content(schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's current status")
    @APIResponse(responseCode = "412", description = "If-Match names an older version; the current ETag is returned")
    @APIResponse(responseCode = "428", description = "If-Match is missing: send the incident's current ETag")
    @Operation(operationId = "resolveIncident", summary = "End an incident: the service is restored",
            description = "202 with pendingChange when the end needs a second person (see updates).")
    public Response resolve(@PathParam("id") UUID id, @Valid CloseIncidentRequest request, UriInfo uri,
                            @HeaderParam("If-Match") String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return idempotent(actor, idempotencyKey, "POST " + uri.getPath(), request, () -> {
            IncidentView view = incidents.resolve(actor, id, ETags.expectedVersion(ifMatch),
                    request == null ? null : request.message());
            return stored(changed(view), view, null);
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
    @APIResponse(responseCode = "412", description = "If-Match names an older version; the current ETag is returned")
    @APIResponse(responseCode = "428", description = "If-Match is missing: send the incident's current ETag")
    @Operation(operationId = "cancelIncident", summary = "Cancel an incident declared in error",
            description = "A draft cancelled is never public. 202 with pendingChange when cancelling a released "
                    + "incident needs a second person (see updates).")
    public Response cancel(@PathParam("id") UUID id, @Valid CloseIncidentRequest request, UriInfo uri,
                           @HeaderParam("If-Match") String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = currentActor.get();
        return idempotent(actor, idempotencyKey, "POST " + uri.getPath(), request, () -> {
            IncidentView view = incidents.cancel(actor, id, ETags.expectedVersion(ifMatch),
                    request == null ? null : request.message());
            return stored(changed(view), view, null);
        });
    }

    /** 202 Accepted when the change waits for a second person, 200 when it is done. */
    private static int changed(IncidentView view) {
        return view.pendingChange() != null ? 202 : 200;
    }

    private Response idempotent(Actor actor, String key, String operation, Object request,
                                Supplier<StoredResponse> action) {
        StoredResponse response = idempotency.execute(actor.subject(), key, fingerprint(operation, request), action);
        Response.ResponseBuilder builder = Response.status(response.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(response.body());
        if (response.location() != null) {
            builder.location(URI.create(response.location()));
        }
        if (response.etag() != null) {
            builder.header("ETag", response.etag());
        }
        return builder.build();
    }

    private StoredResponse stored(int status, IncidentView incident, URI location) {
        try {
            return new StoredResponse(status, json.writeValueAsString(incident),
                    location == null ? null : location.toString(), ETags.of(incident.version()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String fingerprint(String operation, Object request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(operation.getBytes(StandardCharsets.UTF_8));
            sha256.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TerritoryRef territory(String territory) {
        if (territory == null || territory.isBlank()) {
            return null;
        }
        try {
            return TerritoryRef.parse(territory);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("territory", e.getMessage());
        }
    }

    private static Instant instant(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of("since", "date ISO-8601 attendue / ISO-8601 instant expected, e.g. 2026-06-02T16:00:00Z");
        }
    }
}
