package fr.tocsin.dissemination.pages.rest;

import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.territory.Commune;
import fr.tocsin.contracts.territory.Department;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryLevel;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.config.PublicConfig;
import fr.tocsin.dissemination.pages.Lang;
import fr.tocsin.dissemination.pages.PageContext;
import fr.tocsin.dissemination.readmodel.NoticeBoard;
import fr.tocsin.dissemination.rendering.RenderCache;
import fr.tocsin.dissemination.web.CachedResponses;
import fr.tocsin.dissemination.web.HotOutputs;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Citizen pages, server-rendered and complete without JavaScript, in French at the root and in English under
 * {@code /en} (the same resource, reached through {@link #english()}). Each page is rendered once per change
 * of the notice board and served from memory.
 */
@Path("/")
@Tag(name = "Public pages", description = "HTML pages for citizens, in French (and English under /en)")
@Produces(MediaType.TEXT_HTML)
public class PublicPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance national(PageContext page, List<IncidentSnapshot> incidents,
                                                List<Department> departments, List<IncidentSnapshot> upcoming,
                                                Instant lastChange);

        static native TemplateInstance department(PageContext page, Department department, List<IncidentSnapshot> incidents,
                                                  List<LiveNumbersEvent> numbers, List<IncidentSnapshot> upcoming,
                                                  Instant lastChange);

        static native TemplateInstance commune(PageContext page, Commune commune, Department department,
                                               List<IncidentSnapshot> incidents, List<LiveNumbersEvent> numbers,
                                               List<IncidentSnapshot> upcoming, Instant lastChange);

        static native TemplateInstance search(PageContext page, String query, List<Commune> communes);

        static native TemplateInstance incident(PageContext page, IncidentSnapshot incident, List<TerritoryRef> territories);

        static native TemplateInstance printable(PageContext page, Department department, List<IncidentSnapshot> incidents,
                                                 List<LiveNumbersEvent> numbers, Instant lastChange, String baseUrl);

        static native TemplateInstance widget(PageContext page, Department department, List<IncidentSnapshot> incidents,
                                              List<LiveNumbersEvent> numbers, Instant lastChange, String baseUrl);

        static native TemplateInstance accessibility(PageContext page, String contact);
    }

    /** Longer than any commune name or postal code: refused (400) rather than searched and echoed. */
    static final int MAX_QUERY = 100;

    private static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    @Inject
    NoticeBoard board;

    @Inject
    RenderCache cache;

    @Inject
    PublicConfig config;

    private Lang lang = Lang.FR;

    /** The English pages: the same resource in the other language. */
    @Path("en")
    public PublicPageResource english() {
        if (lang != Lang.FR) {
            throw new NotFoundException();
        }
        PublicPageResource english = new PublicPageResource();
        english.board = board;
        english.cache = cache;
        english.config = config;
        english.lang = Lang.EN;
        return english;
    }

    @GET
    @Operation(operationId = "nationalPage", summary = "National overview: incidents in force and the departments they affect, then planned works not begun")
    public Response national(@Context HttpHeaders headers) {
        PageContext page = PageContext.of(lang, "/");
        return page("page|FR", () -> Templates.national(page, board.inForce(), affectedDepartments(), board.upcoming(),
                        board.lastChange()),
                headers);
    }

    @GET
    @Path("departements/{code}")
    @Operation(operationId = "departmentPage", summary = "What to call now in a department")
    public Response department(@PathParam("code") String code, @Context HttpHeaders headers) {
        Department department = department(code);
        TerritoryRef territory = TerritoryRef.department(department.code());
        PageContext page = PageContext.of(lang, "/departements/" + department.code(), department.code());
        return CachedResponses.of(cache.get(HotOutputs.departmentPageKey(department.code(), lang), territory, HTML, () -> Templates.department(page,
                department, board.inForceAt(territory), board.liveNumbersAt(territory), board.upcomingAt(territory),
                board.lastChange())
                .setLocale(lang.locale()).render()), headers);
    }

    @GET
    @Path("communes/{code}")
    @Operation(operationId = "communePage", summary = "What to call now in a commune")
    public Response commune(@PathParam("code") String code, @Context HttpHeaders headers) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        Commune commune = directory.commune(code).orElseThrow(() -> new NotFoundException("Commune inconnue : " + code));
        Department department = directory.department(commune.departmentCode()).orElseThrow();
        TerritoryRef territory = TerritoryRef.commune(commune.code());
        PageContext page = PageContext.of(lang, "/communes/" + commune.code(), department.code()).withFeeds(commune.code());
        return page("page|" + territory, territory, () -> Templates.commune(page, commune, department, board.inForceAt(territory),
                board.liveNumbersAt(territory), board.upcomingAt(territory), board.lastChange()), headers);
    }

    @GET
    @Path("incidents/{id}")
    @Operation(operationId = "incidentPage", summary = "One incident with its timeline")
    public Response incident(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        IncidentSnapshot incident = board.find(id).orElseThrow(() -> new NotFoundException("Incident inconnu : " + id));
        PageContext page = PageContext.of(lang, "/incidents/" + id, zoneDepartment(incident)).withFeeds(null);
        // Looked up again inside the rendering: it runs again, in the background, on every later change.
        return page("page|incident|" + id, () -> {
            IncidentSnapshot current = board.find(id).orElse(incident);
            return Templates.incident(page, current, current.territories());
        }, headers);
    }

    @GET
    @Path("departements/{code}/imprimer")
    @Operation(operationId = "printablePage", summary = "Printable version for town hall doors and people without internet")
    public Response printable(@PathParam("code") String code, @Context HttpHeaders headers) {
        Department department = department(code);
        TerritoryRef territory = TerritoryRef.department(department.code());
        PageContext page = PageContext.of(lang, "/departements/" + department.code() + "/imprimer", department.code());
        return page("print|" + territory, () -> Templates.printable(page, department, board.inForceAt(territory),
                board.liveNumbersAt(territory), board.lastChange(), config.baseUrl()), headers);
    }

    @GET
    @Path("widget/departements/{code}")
    @Operation(operationId = "widgetPage", summary = "Embeddable widget (iframe) with a department's live numbers")
    public Response widget(@PathParam("code") String code, @Context HttpHeaders headers) {
        Department department = department(code);
        TerritoryRef territory = TerritoryRef.department(department.code());
        PageContext page = PageContext.of(lang, "/widget/departements/" + department.code(), department.code());
        return page("widget|" + territory, () -> Templates.widget(page, department, board.inForceAt(territory),
                board.liveNumbersAt(territory), board.lastChange(), config.baseUrl()), headers);
    }

    @GET
    @Path("accessibilite")
    @Operation(summary = "Accessibility statement (RGAA): conformance, what is not yet accessible, contact and recourse")
    public Response accessibility(@Context HttpHeaders headers) {
        PageContext page = PageContext.of(lang, "/accessibilite");
        return page("page|accessibility", () -> Templates.accessibility(page, config.accessibilityContact()), headers);
    }

    @GET
    @Path("recherche")
    @Operation(operationId = "searchPage", summary = "Find a department by postal code, or a commune by INSEE code or name")
    public Response search(@QueryParam("q") String query) {
        String q = query == null ? "" : query.strip();
        if (q.length() > MAX_QUERY || q.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("query too long or with control characters");
        }
        TerritoryDirectory directory = TerritoryDirectory.get();
        List<Commune> found;
        if (q.matches("\\d{5}")) {
            found = directory.communesByPostalCode(q);
            Set<String> departments = found.stream().map(Commune::departmentCode).collect(java.util.stream.Collectors.toSet());
            if (departments.size() == 1) {
                // A postal code leads to its department's "what to call now" page, which also lists the incidents
                // of each of its communes; the few codes shared by two departments list their communes instead.
                return Response.seeOther(URI.create(lang.url("/departements/" + departments.iterator().next()))).build();
            }
            if (found.isEmpty()) {
                found = directory.commune(q).map(List::of).orElse(List.of());
            }
        } else if (directory.department(q).isPresent()) {
            return Response.seeOther(URI.create(lang.url("/departements/" + directory.department(q).orElseThrow().code())))
                    .build();
        } else {
            found = q.length() < 2 ? List.of() : directory.searchCommunes(q, 20);
        }
        if (found.size() == 1) {
            return Response.seeOther(URI.create(lang.url("/communes/" + found.getFirst().code()))).build();
        }
        String html = Templates.search(PageContext.of(lang, "/recherche"), q, found).setLocale(lang.locale()).render();
        return Response.ok(html, HTML).header("Cache-Control", "public, max-age=3600").build();
    }

    private Response page(String key, Supplier<TemplateInstance> template, HttpHeaders headers) {
        return page(key, null, template, headers);
    }

    /** A page that shows only what concerns {@code scope} (null: any change may show on it). */
    private Response page(String key, TerritoryRef scope, Supplier<TemplateInstance> template, HttpHeaders headers) {
        return CachedResponses.of(cache.get(key + "|" + lang.code(), scope, HTML,
                () -> template.get().setLocale(lang.locale()).render()), headers);
    }

    private static Department department(String code) {
        return TerritoryDirectory.get().department(code)
                .orElseThrow(() -> new NotFoundException("Département inconnu : " + code));
    }

    /** Departments named by the incidents in force (directly, through a region or a commune) or with live numbers. */
    private List<Department> affectedDepartments() {
        TerritoryDirectory directory = TerritoryDirectory.get();
        Set<String> codes = new TreeSet<>();
        board.inForce().forEach(incident -> incident.territories().stream()
                .filter(t -> t.level() != TerritoryLevel.NATIONAL)
                .forEach(t -> codes.addAll(directory.departmentCodesCoveredBy(t))));
        board.liveNumbers().forEach(set -> {
            if (set.territory().level() != TerritoryLevel.NATIONAL) {
                codes.addAll(directory.departmentCodesCoveredBy(set.territory()));
            }
        });
        return codes.stream().map(directory::department).flatMap(java.util.Optional::stream)
                .sorted(Comparator.comparing(Department::code)).toList();
    }

    /** An incident on one department (or one of its communes) shows that department's local time. */
    private static String zoneDepartment(IncidentSnapshot incident) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        Set<String> departments = new TreeSet<>();
        incident.territories().forEach(t -> departments.addAll(t.level() == TerritoryLevel.NATIONAL ? Set.of("75")
                : directory.departmentCodesCoveredBy(t)));
        return departments.size() == 1 ? departments.iterator().next() : "75";
    }
}
