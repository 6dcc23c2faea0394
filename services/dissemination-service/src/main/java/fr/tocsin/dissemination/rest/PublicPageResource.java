package fr.tocsin.dissemination.rest;

import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.territory.Department;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.service.NoticeBoard;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** Citizen pages, server-rendered and complete without JavaScript. */
@Path("/")
@Tag(name = "Public pages")
@Produces(MediaType.TEXT_HTML)
public class PublicPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance national(List<IncidentSnapshot> incidents, Instant lastChange);

        static native TemplateInstance department(Department department, List<IncidentSnapshot> incidents,
                                                  List<LiveNumbersEvent> numbers, Instant lastChange);
    }

    @Inject
    NoticeBoard board;

    @GET
    @Operation(summary = "National overview: incidents in force")
    public TemplateInstance national() {
        return Templates.national(board.inForce(), board.lastChange());
    }

    @GET
    @Path("departements/{code}")
    @Operation(summary = "What to call now in a department")
    public TemplateInstance department(@PathParam("code") String code) {
        Department department = TerritoryDirectory.get().department(code)
                .orElseThrow(() -> new NotFoundException("Département inconnu : " + code));
        TerritoryRef territory = TerritoryRef.department(department.code());
        return Templates.department(department, board.inForceAt(territory), board.liveNumbersAt(territory),
                board.lastChange());
    }
}
