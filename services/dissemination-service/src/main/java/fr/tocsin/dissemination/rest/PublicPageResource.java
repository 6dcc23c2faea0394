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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import fr.tocsin.dissemination.service.RenderCache;
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

    private static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    @Inject
    NoticeBoard board;

    @Inject
    RenderCache cache;

    @GET
    @Operation(summary = "National overview: incidents in force")
    public Response national(@Context HttpHeaders headers) {
        return CachedResponses.of(cache.get("page|FR", HTML,
                () -> Templates.national(board.inForce(), board.lastChange()).render()), headers);
    }

    @GET
    @Path("departements/{code}")
    @Operation(summary = "What to call now in a department")
    public Response department(@PathParam("code") String code, @Context HttpHeaders headers) {
        Department department = TerritoryDirectory.get().department(code)
                .orElseThrow(() -> new NotFoundException("Département inconnu : " + code));
        TerritoryRef territory = TerritoryRef.department(department.code());
        return CachedResponses.of(cache.get("page|" + territory, HTML, () -> Templates.department(department,
                board.inForceAt(territory), board.liveNumbersAt(territory), board.lastChange()).render()), headers);
    }
}
