package fr.tocsin.dissemination.rest;

import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.territory.Commune;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import fr.tocsin.dissemination.service.RenderCache;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
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

        static native TemplateInstance commune(Commune commune, Department department, List<IncidentSnapshot> incidents,
                                               List<LiveNumbersEvent> numbers, Instant lastChange);

        static native TemplateInstance search(String query, List<Commune> communes);

        static native TemplateInstance incident(IncidentSnapshot incident, List<String> territoryNames);

        static native TemplateInstance printable(Department department, List<IncidentSnapshot> incidents,
                                                 List<LiveNumbersEvent> numbers, Instant lastChange);

        static native TemplateInstance widget(Department department, List<LiveNumbersEvent> numbers, String baseUrl);
    }

    private static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    @Inject
    NoticeBoard board;

    @Inject
    RenderCache cache;

    @Inject
    fr.tocsin.dissemination.config.PublicConfig config;

    @GET
    @Operation(summary = "National overview: incidents in force")
    public Response national(@Context HttpHeaders headers) {
        return CachedResponses.of(cache.get("page|FR", HTML,
                () -> Templates.national(board.inForce(), board.lastChange()).render()), headers);
    }

    @GET
    @Path("communes/{code}")
    @Operation(summary = "What to call now in a commune")
    public Response commune(@PathParam("code") String code, @Context HttpHeaders headers) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        Commune commune = directory.commune(code).orElseThrow(() -> new NotFoundException("Commune inconnue : " + code));
        Department department = directory.department(commune.departmentCode()).orElseThrow();
        TerritoryRef territory = TerritoryRef.commune(commune.code());
        return CachedResponses.of(cache.get("page|" + territory, HTML, () -> Templates.commune(commune, department,
                board.inForceAt(territory), board.liveNumbersAt(territory), board.lastChange()).render()), headers);
    }

    @GET
    @Path("incidents/{id}")
    @Operation(summary = "One incident with its timeline")
    public Response incident(@PathParam("id") java.util.UUID id, @Context HttpHeaders headers) {
        IncidentSnapshot incident = board.find(id).orElseThrow(() -> new NotFoundException("Incident inconnu : " + id));
        TerritoryDirectory directory = TerritoryDirectory.get();
        return CachedResponses.of(cache.get("page|incident|" + id, HTML, () -> Templates.incident(incident,
                incident.territories().stream().map(directory::name).toList()).render()), headers);
    }

    @GET
    @Path("departements/{code}/imprimer")
    @Operation(summary = "Printable version for town hall doors and people without internet")
    public Response printable(@PathParam("code") String code, @Context HttpHeaders headers) {
        Department department = department(code);
        TerritoryRef territory = TerritoryRef.department(department.code());
        return CachedResponses.of(cache.get("print|" + territory, HTML, () -> Templates.printable(department,
                board.inForceAt(territory), board.liveNumbersAt(territory), board.lastChange()).render()), headers);
    }

    @GET
    @Path("widget/departements/{code}")
    @Operation(summary = "Embeddable widget (iframe) with a department's live numbers")
    public Response widget(@PathParam("code") String code, @Context HttpHeaders headers) {
        Department department = department(code);
        TerritoryRef territory = TerritoryRef.department(department.code());
        return CachedResponses.of(cache.get("widget|" + territory, HTML, () -> Templates.widget(department,
                board.liveNumbersAt(territory), config.baseUrl()).render()), headers);
    }

    private static Department department(String code) {
        return TerritoryDirectory.get().department(code)
                .orElseThrow(() -> new NotFoundException("Département inconnu : " + code));
    }

    @GET
    @Path("recherche")
    @Operation(summary = "Find a commune or department by postal code, INSEE code or name")
    public Response search(@QueryParam("q") String query) {
        String q = query == null ? "" : query.strip();
        TerritoryDirectory directory = TerritoryDirectory.get();
        List<Commune> found;
        if (q.matches("\\d{5}")) {
            found = directory.communesByPostalCode(q);
            if (found.isEmpty()) {
                found = directory.commune(q).map(List::of).orElse(List.of());
            }
        } else if (directory.department(q).isPresent()) {
            return Response.seeOther(URI.create("/departements/" + directory.department(q).orElseThrow().code())).build();
        } else {
            found = q.length() < 2 ? List.of() : directory.searchCommunes(q, 20);
        }
        if (found.size() == 1) {
            return Response.seeOther(URI.create("/communes/" + found.getFirst().code())).build();
        }
        return Response.ok(Templates.search(q, found).render(), HTML)
                .header("Cache-Control", "public, max-age=3600").build();
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
