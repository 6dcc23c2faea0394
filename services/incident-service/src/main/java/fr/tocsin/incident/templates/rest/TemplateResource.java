package fr.tocsin.incident.templates.rest;

import fr.tocsin.incident.templates.IncidentTemplates;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/templates")
@Tag(name = "Templates", description = "Ready-made texts for recurring outages")
@RolesAllowed({"ministry", "prefecture", "mayor", "operator"})
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    @GET
    @Operation(operationId = "listTemplates", summary = "Templates of recurring outages, usable as \"template\" when declaring")
    public List<IncidentTemplates.Template> list() {
        return IncidentTemplates.ALL;
    }
}
