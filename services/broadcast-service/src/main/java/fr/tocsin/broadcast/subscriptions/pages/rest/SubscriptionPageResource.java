package fr.tocsin.broadcast.subscriptions.pages.rest;

import fr.tocsin.broadcast.config.SubscriptionConfig;
import fr.tocsin.broadcast.subscriptions.Channel;
import fr.tocsin.broadcast.subscriptions.Destinations;
import fr.tocsin.broadcast.subscriptions.ManageLinks;
import fr.tocsin.broadcast.subscriptions.NewSubscription;
import fr.tocsin.broadcast.subscriptions.Subscriptions;
import fr.tocsin.broadcast.subscriptions.pages.FormOrigins;
import fr.tocsin.broadcast.subscriptions.pages.SubscriptionPage;
import fr.tocsin.broadcast.subscriptions.pages.TerritoryInput;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryLevel;
import fr.tocsin.kit.problem.KitProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The citizens' subscription pages, server-rendered and complete without JavaScript, in French under
 * {@code /abonnement} and in English under {@code /en/abonnement} (this resource, through {@link #english()}): the
 * form the public pages carry posts here, then the code or "check your mailbox" page, the e-mail link's confirmation
 * (a GET shows a button, the POST confirms), unsubscribing, the management page and the privacy page. Logic lives in
 * {@link Subscriptions} and {@link ManageLinks}; errors are pages naming the field, with the status a browser form
 * needs (422 a value to correct, 429 a limit, 403 a post from another site, 404 an unknown link, 503 try later).
 */
@Path("/")
@Tag(name = "Subscription pages", description = "Citizens' subscription pages (HTML forms), in French (and English under /en)")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class SubscriptionPageResource {

    /** The form's values and what is wrong with them, to show it again. */
    public record Form(String destination, String territory, String destinationError, String territoryError,
                       List<TerritoryInput.Choice> choices) {

        static Form empty(String territory) {
            return new Form("", territory == null ? "" : territory, null, null, List.of());
        }

        public boolean hasErrors() {
            return destinationError != null || territoryError != null;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(SubscriptionPage page, Form form, String error);

        static native TemplateInstance code(SubscriptionPage page, String id, String codeError);

        static native TemplateInstance mailbox(SubscriptionPage page);

        static native TemplateInstance confirm(SubscriptionPage page, String token);

        static native TemplateInstance confirmed(SubscriptionPage page);

        static native TemplateInstance unsubscribe(SubscriptionPage page, String token);

        static native TemplateInstance unsubscribed(SubscriptionPage page);

        static native TemplateInstance manage(SubscriptionPage page, String destination, String destinationError);

        static native TemplateInstance linkSent(SubscriptionPage page);

        static native TemplateInstance mine(SubscriptionPage page, String token, List<Line> lines, String notice);

        static native TemplateInstance privacy(SubscriptionPage page, long codeMinutes, int perHour, int territories);

        static native TemplateInstance error(SubscriptionPage page, int status, String message);
    }

    /** A subscription as the management page shows it. */
    public record Line(String id, String place, String channel, String language, boolean confirmed) {
    }

    private static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";
    private static final String TOKEN = "[A-Za-z0-9_-]{43}";

    @Inject
    Subscriptions subscriptions;

    @Inject
    ManageLinks manageLinks;

    @Inject
    SubscriptionConfig config;

    @ConfigProperty(name = "tocsin.public.base-url")
    String siteUrl;

    private String lang = "fr";

    /** The English pages: the same resource in the other language. */
    @Path("en")
    public SubscriptionPageResource english() {
        if (!"fr".equals(lang)) {
            throw new NotFoundException();
        }
        SubscriptionPageResource english = new SubscriptionPageResource();
        english.subscriptions = subscriptions;
        english.manageLinks = manageLinks;
        english.config = config;
        english.siteUrl = siteUrl;
        english.lang = "en";
        return english;
    }

    @GET
    @Path("abonnement")
    @Operation(operationId = "subscriptionForm", summary = "The subscription form (a territory prefilled with ?territory=)")
    public Response form(@QueryParam("territory") String territory) {
        String prefill = territory == null || territory.length() > TerritoryInput.MAX ? "" : territory;
        return page(200, Templates.form(page("/abonnement"), Form.empty(prefill), null));
    }

    @POST
    @Path("abonnement")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @APIResponse(responseCode = "303", description = "To the code page (SMS) or the \"check your mailbox\" page (e-mail)")
    @APIResponse(responseCode = "422", description = "A value to correct: the form again, the field named")
    @APIResponse(responseCode = "429", description = "Too many requests from this address, or confirmations to this destination")
    @Operation(operationId = "subscriptionFormPost", summary = "Subscribe with the form: a mobile or an e-mail address, a territory")
    public Response subscribe(@FormParam("destination") String destination, @FormParam("territory") String territory,
                              @Context HttpHeaders headers, @Context HttpServerRequest http) {
        sameSite(headers);
        String typed = destination == null ? "" : destination.strip();
        String place = territory == null ? "" : territory.strip();
        boolean email = typed.contains("@");
        String destinationError = null;
        String normalized = null;
        try {
            normalized = email ? Destinations.email(typed) : Destinations.mobile(typed, config.acceptFictionNumbers());
        } catch (IllegalArgumentException e) {
            destinationError = say(e.getMessage());
        }
        String territoryError = null;
        TerritoryInput.Resolution resolution = null;
        try {
            resolution = TerritoryInput.resolve(place);
            if (resolution.territory().isEmpty()) {
                territoryError = resolution.choices().isEmpty() ? say("aucune commune ni département ne correspond : "
                        + "essayez le code postal / no town nor department matches: try the postal code")
                        : say("plusieurs communes correspondent : choisissez la vôtre / several towns match: choose yours");
            }
        } catch (IllegalArgumentException e) {
            territoryError = say(e.getMessage());
        }
        List<TerritoryInput.Choice> choices = resolution == null ? List.of() : resolution.choices();
        Form form = new Form(clip(typed), clip(place), destinationError, territoryError, choices);
        if (form.hasErrors()) {
            return page(422, Templates.form(page("/abonnement"), form, null));
        }
        try {
            Subscriptions.Outcome outcome = subscriptions.subscribe(new NewSubscription(email ? Channel.EMAIL : Channel.SMS,
                    normalized, resolution.territory().orElseThrow(), lang, http.remoteAddress().hostAddress()));
            return Response.seeOther(URI.create(email ? link("/abonnement/courriel-envoye")
                    : link("/abonnement/code?id=" + outcome.id()))).build();
        } catch (KitProblemException e) {
            // The destination's limit, the channel unavailable, too many territories: said at the destination field.
            String field = e.errors().isEmpty() ? null : e.errors().getFirst().field();
            if (field == null) {
                return page(e.status(), Templates.form(page("/abonnement"), form, say(e.getMessage())));
            }
            return page(status(e), Templates.form(page("/abonnement"),
                    new Form(form.destination(), form.territory(), say(e.getMessage()), null, List.of()), null));
        }
    }

    @GET
    @Path("abonnement/code")
    @Operation(operationId = "subscriptionCodePage", summary = "Where to type the 6-digit code received by SMS")
    public Response codePage(@QueryParam("id") String id) {
        UUID subscription = uuid(id);
        return page(200, Templates.code(page("/abonnement/code?id=" + subscription), subscription.toString(), null));
    }

    @POST
    @Path("abonnement/code")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @APIResponse(responseCode = "422", description = "Wrong or expired code: the page again, the field named")
    @Operation(operationId = "subscriptionCodePost", summary = "Confirm an SMS subscription with its code")
    public Response confirmCode(@FormParam("id") String id, @FormParam("code") String code, @Context HttpHeaders headers) {
        sameSite(headers);
        UUID subscription = uuid(id);
        try {
            subscriptions.confirmCode(subscription, code == null ? null : code.replace(" ", ""));
        } catch (KitProblemException e) {
            if (e.status() == 400) {
                return page(422, Templates.code(page("/abonnement/code?id=" + subscription), subscription.toString(),
                        say(e.getMessage())));
            }
            throw e;
        }
        return page(200, Templates.confirmed(page("/abonnement")));
    }

    @GET
    @Path("abonnement/courriel-envoye")
    @Operation(operationId = "subscriptionMailboxPage", summary = "\"Check your mailbox\": the confirmation link was sent")
    public Response mailbox() {
        return page(200, Templates.mailbox(page("/abonnement/courriel-envoye")));
    }

    /** The e-mail's link: a button, since mail scanners open links; only its POST confirms. */
    @GET
    @Path("abonnement/confirmation")
    @Operation(operationId = "subscriptionConfirmationPage", summary = "The e-mail's confirmation link: a button that confirms")
    public Response confirmPage(@QueryParam("token") String token) {
        String usable = token(token);
        return page(200, Templates.confirm(page("/abonnement/confirmation?token=" + usable), usable));
    }

    @POST
    @Path("abonnement/confirmation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "subscriptionConfirmationPost", summary = "Confirm an e-mail subscription (its link's token)")
    public Response confirmLink(@FormParam("token") String token, @Context HttpHeaders headers) {
        sameSite(headers);
        subscriptions.confirmLink(token(token));
        return page(200, Templates.confirmed(page("/abonnement")));
    }

    @GET
    @Path("abonnement/desabonnement")
    @Operation(operationId = "unsubscribePage", summary = "The unsubscribe link opened: a button that unsubscribes")
    public Response unsubscribePage(@QueryParam("token") String token) {
        String usable = tokens(token);
        return page(200, Templates.unsubscribe(page("/abonnement/desabonnement?token=" + usable), usable));
    }

    @POST
    @Path("abonnement/desabonnement")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "unsubscribePost", summary = "Unsubscribe: the subscription and its data are deleted")
    public Response unsubscribe(@FormParam("token") String token, @Context HttpHeaders headers) {
        sameSite(headers);
        if (!subscriptions.unsubscribe(tokens(token))) {
            throw KitProblemException.notFound("lien de désabonnement inconnu ou déjà utilisé / unknown or used "
                    + "unsubscribe link");
        }
        return page(200, Templates.unsubscribed(page("/abonnement")));
    }

    @GET
    @Path("abonnement/gerer")
    @Operation(operationId = "manageSubscriptionsPage", summary = "Ask for a link to see and delete one's subscriptions")
    public Response managePage() {
        return page(200, Templates.manage(page("/abonnement/gerer"), "", null));
    }

    @POST
    @Path("abonnement/gerer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @APIResponse(responseCode = "422", description = "Not a mobile nor an e-mail address: the form again, the field named")
    @APIResponse(responseCode = "429", description = "Too many requests from this address")
    @Operation(operationId = "manageSubscriptionsPost", summary = "Send a management link to a mobile or an e-mail address")
    public Response sendManageLink(@FormParam("destination") String destination, @Context HttpHeaders headers,
                                   @Context HttpServerRequest http) {
        sameSite(headers);
        String typed = destination == null ? "" : destination.strip();
        boolean email = typed.contains("@");
        String normalized;
        try {
            normalized = email ? Destinations.email(typed) : Destinations.mobile(typed, config.acceptFictionNumbers());
        } catch (IllegalArgumentException e) {
            return page(422, Templates.manage(page("/abonnement/gerer"), clip(typed), say(e.getMessage())));
        }
        manageLinks.sendLink(email ? Channel.EMAIL : Channel.SMS, normalized, lang, http.remoteAddress().hostAddress());
        return page(200, Templates.linkSent(page("/abonnement/gerer")));
    }

    @GET
    @Path("abonnement/mes-abonnements")
    @Operation(operationId = "mySubscriptionsPage", summary = "One's subscriptions, through the link sent to the destination")
    public Response mine(@QueryParam("token") String token) {
        ManageLinks.Holder holder = manageLinks.holder(token);
        return page(200, Templates.mine(page("/abonnement/mes-abonnements?token=" + token), token, lines(holder), null));
    }

    @POST
    @Path("abonnement/mes-abonnements")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "mySubscriptionsDelete", summary = "Delete one subscription (id) or all of them (all)")
    public Response delete(@FormParam("token") String token, @FormParam("id") String id, @FormParam("all") String all,
                           @Context HttpHeaders headers) {
        sameSite(headers);
        ManageLinks.Holder holder = manageLinks.holder(token);
        String notice;
        if (all != null) {
            manageLinks.deleteAll(holder);
            notice = say("Tous vos abonnements sont supprimés, et vos données avec eux. / All your subscriptions are "
                    + "deleted, and your data with them.");
        } else {
            if (!manageLinks.delete(holder, uuid(id))) {
                throw KitProblemException.notFound("abonnement inconnu ou déjà supprimé / unknown or already deleted "
                        + "subscription");
            }
            notice = say("Abonnement supprimé. / Subscription deleted.");
        }
        return page(200, Templates.mine(page("/abonnement/mes-abonnements?token=" + token), token, lines(holder), notice));
    }

    @GET
    @Path("abonnement/donnees-personnelles")
    @Operation(operationId = "subscriptionPrivacyPage", summary = "What is kept about subscribers, why, and for how long")
    public Response privacy() {
        return page(200, Templates.privacy(page("/abonnement/donnees-personnelles"), config.codeValidity().toMinutes(),
                config.confirmationsPerDestinationPerHour(), config.territoriesPerDestination()));
    }

    /** Any refusal of these pages is a page, in the language of its path: never problem+json, never a stack. */
    @ServerExceptionMapper
    public Response refused(KitProblemException e, UriInfo uri) {
        String language = uri.getPath().startsWith("/en/") ? "en" : "fr";
        return page(language, status(e), Templates.error(SubscriptionPage.of(language, "/abonnement", siteUrl), status(e),
                say(language, e.getMessage())));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        String language = uri.getPath().startsWith("/en/") ? "en" : "fr";
        return page(language, 404, Templates.error(SubscriptionPage.of(language, "/abonnement", siteUrl), 404,
                say(language, "page ou lien introuvable / page or link not found")));
    }

    private List<Line> lines(ManageLinks.Holder holder) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        return manageLinks.list(holder).stream().map(line -> new Line(line.id().toString(),
                line.territory().level() == TerritoryLevel.NATIONAL ? say("toute la France / all of France")
                        : directory.name(line.territory()) + (line.territory().level() == TerritoryLevel.DEPARTMENT
                        ? " (" + line.territory().code() + ")" : ""),
                line.channel() == Channel.SMS ? "SMS" : "e-mail", line.language(), line.confirmed())).toList();
    }

    /** 403 for a POST another site's page made (see {@link FormOrigins}). */
    private void sameSite(HttpHeaders headers) {
        FormOrigins origins = new FormOrigins(siteUrl, config.apiBaseUrl());
        if (!origins.sameSite(headers.getHeaderString("Origin"), headers.getHeaderString("Sec-Fetch-Site"),
                headers.getHeaderString("Referer"))) {
            throw KitProblemException.forbidden("ce formulaire ne peut être envoyé que depuis le site Tocsin / this "
                    + "form can only be sent from the Tocsin site");
        }
    }

    /** A validation refusal (400 in the API) is a value to correct in a form: 422. */
    private static int status(KitProblemException e) {
        return e.status() == 400 ? 422 : e.status();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id == null ? "" : id.strip());
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
    }

    /** A link's token, or 404 when it cannot be one (never echoed). */
    private static String token(String token) {
        return shaped(token, TOKEN);
    }

    /** An unsubscribe link's token(s): one per subscription the message stood for, or 404 (never echoed). */
    private static String tokens(String token) {
        return shaped(token, Subscriptions.UNSUBSCRIBE_TOKENS);
    }

    private static String shaped(String token, String shape) {
        if (token == null || !token.matches(shape)) {
            throw KitProblemException.notFound("lien incomplet ou invalide : copiez-le en entier / incomplete or "
                    + "invalid link: copy all of it");
        }
        return token;
    }

    /** What was typed, shown back in the form: at most a field's worth, control characters (CR, LF, NUL) as spaces. */
    private static String clip(String typed) {
        String shown = typed.replaceAll("\\p{Cntrl}", " ");
        return shown.length() > 254 ? shown.substring(0, 254) : shown;
    }

    /** The part of a "français / English" message in the page's language. */
    private String say(String bilingual) {
        return say(lang, bilingual);
    }

    private static String say(String language, String bilingual) {
        int slash = bilingual == null ? -1 : bilingual.indexOf(" / ");
        if (slash < 0) {
            return bilingual;
        }
        return "en".equals(language) ? bilingual.substring(slash + 3) : bilingual.substring(0, slash);
    }

    private String link(String path) {
        return ("en".equals(lang) ? "/en" : "") + path;
    }

    private SubscriptionPage page(String path) {
        return SubscriptionPage.of(lang, path, siteUrl);
    }

    private Response page(int status, TemplateInstance template) {
        return page(lang, status, template);
    }

    /** Never cached: these pages carry a person's values, tokens and errors. */
    private static Response page(String language, int status, TemplateInstance template) {
        return Response.status(status).type(HTML).header("Cache-Control", "no-store")
                .entity(template.setLocale("en".equals(language) ? Locale.ENGLISH : Locale.FRENCH).render()).build();
    }
}
