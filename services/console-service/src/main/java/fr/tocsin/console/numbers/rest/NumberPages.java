package fr.tocsin.console.numbers.rest;

import fr.tocsin.console.apis.Refusal;
import fr.tocsin.console.layout.rest.Pages;
import fr.tocsin.console.numbers.StandbyNumbers;
import fr.tocsin.console.numbers.client.FallbackApi;
import fr.tocsin.contracts.auth.Actor;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import static fr.tocsin.console.layout.rest.Pages.page;

/**
 * The standby numbers of my territory: list per service, add, edit, retire, CSV import with each bad line named, and
 * which numbers were live at a given time. Everything through fallback-service's API with the person's token.
 */
@Path("/numeros")
@Produces(MediaType.TEXT_HTML)
public class NumberPages {

    /** Times are typed in France's (metropolitan) time, as the crisis cell reads its clock. */
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Inject
    Pages pages;

    @Inject
    StandbyNumbers numbers;

    @Location("console/numbers.html")
    Template list;
    @Location("console/number.html")
    Template edit;
    @Location("console/live.html")
    Template live;

    @GET
    public Response list(@QueryParam("territoire") String territory, @QueryParam("fait") String done) {
        return pages.as(me -> {
            String where = territoryOf(me, territory);
            return page(listed(me, where, NumberForm.in(where), null).data("done", done));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@BeanParam NumberForm form) {
        return pages.as(me -> {
            try {
                FallbackApi.Number added = numbers.add(form.command());
                return Pages.seeOther("/numeros?territoire=" + query(added.territory()) + "&fait=ajoute");
            } catch (Refusal refusal) {
                return page(listed(me, territoryOf(me, form.territory), form, refusal).data("done", null),
                        refusal.status());
            }
        });
    }

    @GET
    @Path("{id: [0-9a-fA-F-]+}")
    public Response number(@PathParam("id") UUID id) {
        return pages.as(me -> {
            FallbackApi.Number number = numbers.number(id);
            return page(editing(me, number, NumberForm.of(number), null));
        });
    }

    @POST
    @Path("{id: [0-9a-fA-F-]+}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response edit(@PathParam("id") UUID id, @BeanParam NumberForm form) {
        return pages.as(me -> {
            try {
                FallbackApi.Number changed = numbers.edit(id, form.command());
                return Pages.seeOther("/numeros?territoire=" + query(changed.territory()) + "&fait=modifie");
            } catch (Refusal refusal) {
                return page(editing(me, numbers.number(id), form, refusal), refusal.status());
            }
        });
    }

    @POST
    @Path("{id: [0-9a-fA-F-]+}/retirer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retire(@PathParam("id") UUID id) {
        return pages.as(me -> {
            FallbackApi.Number number = numbers.number(id);
            numbers.retire(id);
            return Pages.seeOther("/numeros?territoire=" + query(number.territory()) + "&fait=retire");
        });
    }

    /** The CSV pasted in the page (a form without JavaScript posts text): all or nothing, each bad line named. */
    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response importCsv(@RestForm("csv") String csv, @RestForm("territoire") String territory) {
        return pages.as(me -> {
            String where = territoryOf(me, territory);
            try {
                FallbackApi.ImportReport report = numbers.importCsv(csv == null ? "" : csv);
                return page(listed(me, where, NumberForm.in(where), null).data("done", null).data("report", report));
            } catch (Refusal refusal) {
                return page(listed(me, where, NumberForm.in(where), null).data("done", null)
                        .data("importRefusal", refusal).data("csv", csv), refusal.status());
            }
        });
    }

    /** "Which numbers were live in Nord at 20:15?" — now when no time is given. */
    @GET
    @Path("en-service")
    public Response liveAt(@QueryParam("territoire") String territory, @QueryParam("a") String at) {
        return pages.as(me -> {
            String where = territoryOf(me, territory);
            Instant instant;
            try {
                instant = at == null || at.isBlank() ? null : LocalDateTime.parse(at.strip()).atZone(PARIS).toInstant();
            } catch (DateTimeParseException e) {
                throw new Refusal(400, "Heure illisible", "Indiquez une date et une heure, par exemple 2026-06-02T20:15.",
                        List.of("a : " + at), null, null);
            }
            return page(live.data("me", me).data("territory", where).data("at", at == null ? "" : at.strip())
                    .data("instant", instant).data("live", numbers.liveAt(where, instant))
                    .data("title", "Numéros en service"));
        });
    }

    private TemplateInstance listed(Actor me, String territory, NumberForm form, Refusal refusal) {
        return list.data("me", me).data("territory", territory).data("services", numbers.byService(territory))
                .data("form", form).data("refusal", refusal).data("report", null).data("importRefusal", null)
                .data("csv", "").data("title", "Numéros de secours");
    }

    private TemplateInstance editing(Actor me, FallbackApi.Number number, NumberForm form, Refusal refusal) {
        return edit.data("me", me).data("number", number).data("form", form).data("refusal", refusal)
                .data("title", "Numéro de secours");
    }

    /** The territory asked for, else the person's first (the API refuses one that is not theirs). */
    private static String territoryOf(Actor me, String territory) {
        if (territory != null && !territory.isBlank()) {
            return territory.strip();
        }
        return me.territories().isEmpty() ? "FR" : me.territories().getFirst().toString();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
