package fr.tocsin.incident.rest;

import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.incident.rest.dto.DeclareIncidentRequest;
import fr.tocsin.incident.service.IncidentService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/api/v1/incidents")
@Tag(name = "Incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    @Inject
    IncidentService incidents;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Declare an incident", description = "Stores it as active and publishes it to every channel.")
    public Response declare(@NotNull @Valid DeclareIncidentRequest request, UriInfo uri) {
        IncidentSnapshot created = incidents.declare(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One incident with its timeline")
    public IncidentSnapshot get(@PathParam("id") UUID id) {
        return incidents.find(id).orElseThrow(() -> new NotFoundException("No incident " + id));
    }

    @GET
    @Operation(summary = "List incidents, newest first")
    public List<IncidentSnapshot> list(@QueryParam("status") IncidentStatus status) {
        return incidents.list(status);
    }
}
