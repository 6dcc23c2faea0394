package fr.tocsin.fallback.directory.rest;

import fr.tocsin.kit.rest.QueryParameters;
import fr.tocsin.kit.auth.TokenActor;
import fr.tocsin.fallback.directory.FallbackNumberView;
import fr.tocsin.fallback.directory.Directory;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * The directory of standby numbers, for prefectures, mayors and ministries, each within its territory (the CSV
 * import and export, on the same path, are csv's).
 */
@Path("/api/v1/fallback-numbers")
@Tag(name = "Directory", description = "Standby fallback numbers: register, import, export, publish by hand")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FallbackNumberResource {

    @Inject
    Directory directory;

    @Inject
    TokenActor actor;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Registered: the number, at Location",
            content = @Content(schema = @Schema(implementation = FallbackNumberView.class)))
    @Operation(operationId = "createFallbackNumber", summary = "Register a standby number")
    public Response create(@NotNull @Valid FallbackNumberRequest request, UriInfo uri) {
        FallbackNumberView created = FallbackNumberView.of(directory.create(actor.get(), FallbackNumberRequest.details(request)));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Operation(operationId = "listFallbackNumbers", summary = "The numbers within your territory, optionally of one territory or service")
    public List<FallbackNumberView> list(@QueryParam("territory") String territory, @QueryParam("service") String service) {
        return directory.list(actor.get(), QueryParameters.territory("territory", territory), service).stream().map(FallbackNumberView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getFallbackNumber", summary = "One standby number within your territory")
    public FallbackNumberView get(@PathParam("id") UUID id) {
        return FallbackNumberView.of(directory.find(actor.get(), id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateFallbackNumber", summary = "Replace a number's details")
    public FallbackNumberView update(@PathParam("id") UUID id, @NotNull @Valid FallbackNumberRequest request) {
        return FallbackNumberView.of(directory.update(actor.get(), id, FallbackNumberRequest.details(request)));
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Removed")
    @Operation(operationId = "deleteFallbackNumber", summary = "Remove a standby number from the directory")
    public Response delete(@PathParam("id") UUID id) {
        directory.delete(actor.get(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/publish")
    @Operation(operationId = "publishFallbackNumber", summary = "Make a number live by hand, with or without an incident (a temporary hotline)")
    public FallbackNumberView publish(@PathParam("id") UUID id) {
        return FallbackNumberView.of(directory.publish(actor.get(), id, true));
    }

    @POST
    @Path("/{id}/withdraw")
    @Operation(operationId = "withdrawFallbackNumber", summary = "Return a hand-published number to standby (incidents may still keep it live)")
    public FallbackNumberView withdraw(@PathParam("id") UUID id) {
        return FallbackNumberView.of(directory.publish(actor.get(), id, false));
    }
}
