package fr.tocsin.broadcast.subscriptions.rest;

import fr.tocsin.broadcast.config.SubscriptionConfig;
import fr.tocsin.broadcast.subscriptions.NewSubscription;
import fr.tocsin.broadcast.subscriptions.Subscriptions;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryLevel;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.kit.problem.KitProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * Citizens subscribe to their territory's fallback numbers by SMS or e-mail (public, no account): double opt-in, one-
 * click unsubscribe. Limited per client address (the kit's limiter on /api/, and a tighter one per hour) and per
 * destination.
 */
@Path("/api/v1/subscriptions")
@Tag(name = "Subscriptions", description = "Citizens' subscriptions to the fallback numbers by SMS and e-mail")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    @Inject
    Subscriptions subscriptions;

    @Inject
    SubscriptionConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "A code (SMS) or a link (e-mail) went to the destination; "
            + "nothing else will until it is confirmed", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "429", description = "Too many requests from this address, or confirmations to this destination")
    @APIResponse(responseCode = "503", description = "The confirmation could not be sent; retry later")
    @Operation(operationId = "subscribe", summary = "Subscribe a mobile or an e-mail address to a territory")
    public Response subscribe(SubscriptionRequest request, @Context HttpServerRequest http) {
        if (request == null) {
            throw KitProblemException.invalid("body", "corps JSON obligatoire / JSON body required");
        }
        DestinationField destination = DestinationField.of(request.mobile(), request.email(), config.acceptFictionNumbers());
        String language = request.language() == null ? "fr" : request.language();
        if (!language.equals("fr") && !language.equals("en")) {
            throw KitProblemException.invalid("language", "fr ou en / fr or en");
        }
        Subscriptions.Outcome outcome = subscriptions.subscribe(new NewSubscription(destination.channel(),
                destination.destination(), territory(request.territory()), language, http.remoteAddress().hostAddress()));
        return Response.accepted(SubscriptionView.of(outcome)).build();
    }

    @POST
    @Path("{id}/confirmation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "confirmSubscriptionCode", summary = "Confirm an SMS subscription with its 6-digit code")
    public SubscriptionView confirm(@PathParam("id") UUID id, CodeRequest request) {
        return SubscriptionView.of(subscriptions.confirmCode(id, request == null ? null : request.code()));
    }

    /**
     * The e-mail's link opened: a page with a button (mail scanners and link previews open links, and must not
     * confirm for the recipient); the button POSTs the confirmation.
     */
    @GET
    @Path("confirmation")
    @APIResponse(responseCode = "303", description = "To the confirmation page, whose button confirms (nothing changes on a GET)")
    @Operation(operationId = "confirmSubscriptionLinkPage", summary = "The e-mail's confirmation link: to the page that confirms")
    public Response confirmLinkPage(@QueryParam("token") String token) {
        return Response.seeOther(page("/abonnement/confirmation", token)).build();
    }

    @POST
    @Path("confirmation")
    @Operation(operationId = "confirmSubscriptionLink", summary = "Confirm an e-mail subscription (the token of the link it received)")
    public SubscriptionView confirmLink(@QueryParam("token") String token) {
        return SubscriptionView.of(subscriptions.confirmLink(token));
    }

    /** RFC 8058 one-click: mail clients POST {@code List-Unsubscribe=One-Click} (form-encoded) to this URI. */
    @POST
    @Path("unsubscribe")
    @APIResponse(responseCode = "200", description = "Unsubscribed: the subscription and its data are deleted")
    @Operation(operationId = "unsubscribe", summary = "Unsubscribe in one click (RFC 8058)")
    public Map<String, String> unsubscribe(@QueryParam("token") String token) {
        if (!subscriptions.unsubscribe(token)) {
            throw KitProblemException.notFound("lien de désabonnement inconnu ou déjà utilisé / unknown or used "
                    + "unsubscribe link");
        }
        return Map.of("status", "UNSUBSCRIBED");
    }

    /** A GET (a link opened, a scanner prefetching it) never unsubscribes: to the page whose button does. */
    @GET
    @Path("unsubscribe")
    @APIResponse(responseCode = "303", description = "To the unsubscribe page, whose button unsubscribes (nothing changes on a GET)")
    @Operation(operationId = "unsubscribeInstructions", summary = "The unsubscribe link opened: to the page that unsubscribes")
    public Response unsubscribePage(@QueryParam("token") String token) {
        return Response.seeOther(page("/abonnement/desabonnement", token, Subscriptions.UNSUBSCRIBE_TOKENS)).build();
    }

    /** The page (this service's, same host), carrying the token only when it has a token's shape. */
    private static URI page(String path, String token) {
        return page(path, token, "[A-Za-z0-9_-]{43}");
    }

    private static URI page(String path, String token, String shape) {
        boolean usable = token != null && token.matches(shape);
        return URI.create(path + (usable ? "?token=" + token : ""));
    }

    private static TerritoryRef territory(String raw) {
        TerritoryRef territory;
        try {
            territory = TerritoryRef.parse(raw == null ? "" : raw);
        } catch (IllegalArgumentException e) {
            throw KitProblemException.invalid("territory", e.getMessage());
        }
        if (territory.level() == TerritoryLevel.REGION) {
            throw KitProblemException.invalid("territory", "une commune, un département ou toute la France (FR) / "
                    + "a commune, a department or all of France (FR)");
        }
        if (!TerritoryDirectory.get().exists(territory)) {
            throw KitProblemException.invalid("territory", "territoire inconnu / unknown territory: " + territory);
        }
        return territory;
    }
}
