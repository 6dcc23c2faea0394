package fr.tocsin.console.incidents.rest;

import fr.tocsin.console.incidents.ChangeCommand;
import fr.tocsin.console.incidents.DeclareCommand;
import fr.tocsin.console.incidents.IncidentDesk;
import fr.tocsin.console.incidents.Preview;
import fr.tocsin.console.incidents.Refusal;
import fr.tocsin.console.incidents.client.IncidentJson;
import fr.tocsin.console.signin.SignedIn;
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

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The console's pages: plain HTML forms (no JavaScript needed), each POST answered by a redirect (303) to the page
 * showing its result, or by the page again with the API's refusal. Every form carries the CSRF token
 * ({@code inject:csrf}); quarkus-rest-csrf refuses a post without it, or with another session's, before any of
 * this runs.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    @Inject
    SignedIn signedIn;

    @Inject
    IncidentDesk desk;

    @Location("console/home.html")
    Template home;
    @Location("console/declare.html")
    Template declare;
    @Location("console/preview.html")
    Template preview;
    @Location("console/incident.html")
    Template incident;
    @Location("console/refused.html")
    Template refused;
    @Location("console/goodbye.html")
    Template goodbye;

    @GET
    public Response home() {
        return as(me -> page(home.data("me", me).data("home", desk.home(me)).data("title", "Accueil")));
    }

    @GET
    @Path("declarer")
    public Response declareForm(@QueryParam("modele") String template) {
        return as(me -> page(declareWith(me, DeclarationForm.of(desk.draftFrom(me, template), UUID.randomUUID().toString()),
                null)));
    }

    /** apercu: the preview; envoyer: the declaration; modifier: the form again, as filled. */
    @POST
    @Path("declarer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response declare(@BeanParam DeclarationForm form) {
        return as(me -> {
            DeclareCommand command = form.command();
            try {
                switch (form.action == null ? "apercu" : form.action) {
                    case "envoyer" -> {
                        IncidentJson declared = desk.declare(command, form.key);
                        return Response.seeOther(URI.create("/incidents/" + declared.id() + "?fait=declare")).build();
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
        return as(me -> page(incident.data("me", me).data("page", desk.incident(me, id)).data("done", done)
                .data("refusal", null).data("key", UUID.randomUUID().toString()).data("title", "Incident")));
    }

    @POST
    @Path("incidents/{id}/approuver")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(@PathParam("id") UUID id, @BeanParam ChangeForm form) {
        return change(id, form, "approuve", (change, key) -> desk.approve(id, change, key));
    }

    @POST
    @Path("incidents/{id}/rejeter")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reject(@PathParam("id") UUID id, @BeanParam ChangeForm form) {
        return change(id, form, "rejete", (change, key) -> desk.reject(id, change, key));
    }

    @POST
    @Path("incidents/{id}/mettre-a-jour")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") UUID id, @BeanParam ChangeForm form) {
        return change(id, form, "mis-a-jour", (change, key) -> desk.update(id, change, key));
    }

    @POST
    @Path("incidents/{id}/resoudre")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resolve(@PathParam("id") UUID id, @BeanParam ChangeForm form) {
        return change(id, form, "resolu", (change, key) -> desk.resolve(id, change, key));
    }

    @POST
    @Path("incidents/{id}/annuler")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@PathParam("id") UUID id, @BeanParam ChangeForm form) {
        return change(id, form, "annule", (change, key) -> desk.cancel(id, change, key));
    }

    /** After sign-out (public: the session is gone). */
    @GET
    @Path("au-revoir")
    public TemplateInstance signedOut() {
        return goodbye.data("title", "Déconnecté");
    }

    private Response change(UUID id, ChangeForm form, String done,
                            BiFunction<ChangeCommand, String, IncidentJson> send) {
        return as(me -> {
            try {
                IncidentJson after = send.apply(form.command(), form.key);
                // A change that needs a second person waits (202): say so rather than "done".
                String outcome = after != null && after.pendingChange() != null ? "en-attente" : done;
                return Response.seeOther(URI.create("/incidents/" + id + "?fait=" + outcome)).build();
            } catch (Refusal refusal) {
                var page = refusal.current() != null ? desk.page(me, refusal.current()) : desk.incident(me, id);
                return page(incident.data("me", me).data("page", page).data("done", null).data("refusal", refusal)
                        .data("form", form).data("key", UUID.randomUUID().toString()).data("title", "Incident"),
                        refusal.status());
            }
        });
    }

    private TemplateInstance declareWith(Actor me, DeclarationForm form, Refusal refusal) {
        return declare.data("me", me).data("form", form).data("templates", desk.templates()).data("refusal", refusal)
                .data("severities", List.of("EXTREME", "SEVERE", "MODERATE", "MINOR")).data("title", "Déclarer");
    }

    /** Runs a page for a person with a Tocsin role; anyone else is told so (403), and any API refusal is shown. */
    private Response as(java.util.function.Function<Actor, Response> page) {
        Optional<Actor> me = signedIn.actor();
        if (me.isEmpty()) {
            return page(refused.data("title", "Accès refusé").data("message",
                    "Votre compte n’a pas de rôle Tocsin (ministère, préfecture, mairie ou opérateur)."), 403);
        }
        try {
            return page.apply(me.get());
        } catch (Refusal refusal) {
            return page(refused.data("title", refusal.title()).data("message", refusal.detail())
                    .data("me", me.get()), refusal.status());
        }
    }

    private static Response page(TemplateInstance instance) {
        return page(instance, 200);
    }

    private static Response page(TemplateInstance instance, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(instance.render()).build();
    }
}
