package fr.tocsin.console.incidents.rest;

import fr.tocsin.console.apis.Refusal;
import fr.tocsin.console.incidents.ChangeCommand;
import fr.tocsin.console.incidents.DeclareCommand;
import fr.tocsin.console.incidents.IncidentDesk;
import fr.tocsin.console.incidents.Preview;
import fr.tocsin.console.incidents.client.IncidentJson;
import fr.tocsin.console.layout.rest.Pages;
import fr.tocsin.console.territories.TerritoryPicker;
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

import java.util.List;
import java.util.UUID;

import static fr.tocsin.console.layout.rest.Pages.page;

/**
 * The console's incident pages: plain HTML forms (no JavaScript needed), each POST answered by a redirect (303) to the
 * page showing its result, or by the page again with the API's refusal. Every form carries the CSRF token
 * ({@code inject:csrf}); quarkus-rest-csrf refuses a post without it, or with another session's, before any of
 * this runs.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    /** The changes of an incident, by the last segment of their form's path, and what the page then says. */
    enum Change {
        APPROVE("approuver", "approuve"),
        REJECT("rejeter", "rejete"),
        UPDATE("mettre-a-jour", "mis-a-jour"),
        RESOLVE("resoudre", "resolu"),
        CANCEL("annuler", "annule");

        final String path;
        final String done;

        Change(String path, String done) {
            this.path = path;
            this.done = done;
        }

        static Change of(String path) {
            for (Change change : values()) {
                if (change.path.equals(path)) {
                    return change;
                }
            }
            throw new jakarta.ws.rs.NotFoundException();
        }
    }

    @Inject
    Pages pages;

    @Inject
    IncidentDesk desk;

    @Inject
    TerritoryPicker picker;

    @Location("console/home.html")
    Template home;
    @Location("console/declare.html")
    Template declare;
    @Location("console/preview.html")
    Template preview;
    @Location("console/incident.html")
    Template incident;
    @Location("console/goodbye.html")
    Template goodbye;

    @GET
    public Response home() {
        return pages.as(me -> page(home.data("me", me).data("home", desk.home(me)).data("title", "Accueil")));
    }

    @GET
    @Path("declarer")
    public Response declareForm(@QueryParam("modele") String template) {
        return pages.as(me -> page(declareWith(me, IncidentForm.of(desk.draftFrom(me, template), UUID.randomUUID().toString()),
                null)));
    }

    /**
     * apercu: the preview; envoyer: the declaration; modifier: the form again, as filled; chercher: the form again with
     * the territories its search found (a choice among them fills the territory, the rest of the form kept).
     */
    @POST
    @Path("declarer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response declare(@BeanParam IncidentForm form) {
        return pages.as(me -> {
            if (form.territoryChoice != null && !form.territoryChoice.isBlank()) {
                form.territory = form.territoryChoice.strip();
                form.territorySearch = null;
                return page(declareWith(me, form, null));
            }
            if ("chercher".equals(form.action)) {
                return page(declareWith(me, form, null).data("search", picker.find(me, form.territorySearch)));
            }
            DeclareCommand command = form.declaration();
            try {
                switch (form.action == null ? "apercu" : form.action) {
                    case "envoyer" -> {
                        IncidentJson declared = desk.declare(command, form.key);
                        return Pages.seeOther("/incidents/" + declared.id() + "?fait=declare");
                    }
                    case "modifier" -> {
                        return page(declareWith(me, form, null));
                    }
                    default -> {
                        Preview shown = desk.preview(me, command);
                        return page(preview.data("me", me).data("form", form).data("preview", shown)
                                .data("title", "Aperçu"));
                    }
                }
            } catch (Refusal refusal) {
                return page(declareWith(me, form, refusal), refusal.status());
            }
        });
    }

    @GET
    @Path("incidents/{id}")
    public Response incident(@PathParam("id") UUID id, @QueryParam("fait") String done) {
        return pages.as(me -> page(incident.data("me", me).data("page", desk.incident(me, id)).data("done", done)
                .data("refusal", null).data("key", UUID.randomUUID().toString()).data("title", "Incident")));
    }

    /**
     * Every change of an incident (approuver, rejeter, mettre-a-jour, resoudre, annuler): sent with the person's token
     * on the version they saw; a refusal (403, 404, 412 with what the other person changed) shows the incident again.
     */
    @POST
    @Path("incidents/{id}/{change:approuver|rejeter|mettre-a-jour|resoudre|annuler}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response change(@PathParam("id") UUID id, @PathParam("change") String path, @BeanParam IncidentForm form) {
        Change change = Change.of(path);
        return pages.as(me -> {
            try {
                IncidentJson after = send(change, id, form.change(), form.key);
                // A change that needs a second person waits (202): say so rather than "done".
                String outcome = after != null && after.pendingChange() != null ? "en-attente" : change.done;
                return Pages.seeOther("/incidents/" + id + "?fait=" + outcome);
            } catch (Refusal refusal) {
                var page = refusal.current() != null ? desk.page(me, refusal.current()) : desk.incident(me, id);
                return page(incident.data("me", me).data("page", page).data("done", null).data("refusal", refusal)
                        .data("form", form).data("key", UUID.randomUUID().toString()).data("title", "Incident"),
                        refusal.status());
            }
        });
    }

    /** After sign-out (public: the session is gone). */
    @GET
    @Path("au-revoir")
    public TemplateInstance signedOut() {
        return goodbye.data("title", "Déconnecté");
    }

    private IncidentJson send(Change change, UUID id, ChangeCommand command, String key) {
        return switch (change) {
            case APPROVE -> desk.approve(id, command, key);
            case REJECT -> desk.reject(id, command, key);
            case UPDATE -> desk.update(id, command, key);
            case RESOLVE -> desk.resolve(id, command, key);
            case CANCEL -> desk.cancel(id, command, key);
        };
    }

    private TemplateInstance declareWith(Actor me, IncidentForm form, Refusal refusal) {
        return declare.data("me", me).data("form", form).data("templates", desk.templates()).data("refusal", refusal)
                .data("severities", List.of("EXTREME", "SEVERE", "MODERATE", "MINOR")).data("title", "Déclarer");
    }
}
