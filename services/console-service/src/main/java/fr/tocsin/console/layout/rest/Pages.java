package fr.tocsin.console.layout.rest;

import fr.tocsin.console.apis.Refusal;
import fr.tocsin.console.signin.SignedIn;
import fr.tocsin.contracts.auth.Actor;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;
import java.util.function.Function;

/**
 * How every console page runs: for a person with a Tocsin role (anyone else is told so, 403), and any API refusal
 * (403, 404, 412…) shown as a page with the API's own status and words.
 */
@ApplicationScoped
public class Pages {

    @Inject
    SignedIn signedIn;

    @Location("console/refused.html")
    Template refused;

    public Response as(Function<Actor, Response> page) {
        Optional<Actor> me = signedIn.actor();
        if (me.isEmpty()) {
            return page(refused.data("title", "Accès refusé").data("message",
                    "Votre compte n’a pas de rôle Tocsin (ministère, préfecture, mairie ou opérateur)."), 403);
        }
        try {
            return page.apply(me.get());
        } catch (Refusal refusal) {
            return page(refused.data("title", refusal.title()).data("message", refusal.detail())
                    .data("fields", refusal.fields()).data("me", me.get()), refusal.status());
        }
    }

    public static Response page(TemplateInstance instance) {
        return page(instance, 200);
    }

    public static Response page(TemplateInstance instance, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(instance.render()).build();
    }

    /** After a form: the page that shows its result (303, so a reload does not post again). */
    public static Response seeOther(String path) {
        return Response.seeOther(java.net.URI.create(path)).build();
    }
}
