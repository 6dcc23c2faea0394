package fr.tocsin.broadcast.accounts.rest;

import fr.tocsin.kit.auth.TokenActor;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.broadcast.accounts.AccountRegistry;
import fr.tocsin.broadcast.accounts.NewAccount;
import fr.tocsin.broadcast.accounts.persistence.SocialAccountEntity;
import fr.tocsin.broadcast.networks.DestinationGuard;
import fr.tocsin.contracts.posts.Network;
import fr.tocsin.kit.problem.KitProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The account registry: which social accounts and partner webhooks speak for which territory (ministry only). */
@Path("/api/v1/social-accounts")
@Tag(name = "Social accounts", description = "Accounts and partner webhooks that posts go to, and their deliveries")
@RolesAllowed("ministry")
@Produces(MediaType.APPLICATION_JSON)
public class SocialAccountResource {

    @Inject
    AccountRegistry registry;

    @Inject
    DestinationGuard guard;

    @Inject
    TokenActor actor;

    @GET
    @Operation(operationId = "listSocialAccounts", summary = "Accounts in use, with the territory each one speaks for")
    public List<SocialAccountView> list() {
        return registry.all().stream().map(SocialAccountView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Registered: the account, at Location",
            content = @Content(schema = @Schema(implementation = SocialAccountView.class)))
    @Operation(operationId = "registerSocialAccount", summary = "Register an account; its credentials are named, never sent here")
    public Response register(@Valid @NotNull SocialAccountRequest request) {
        TerritoryRef territory;
        try {
            territory = TerritoryRef.parse(request.territory());
        } catch (IllegalArgumentException e) {
            throw KitProblemException.invalid("territory", e.getMessage());
        }
        if (!TerritoryDirectory.get().exists(territory)) {
            throw KitProblemException.invalid("territory", "territoire inconnu / unknown territory: " + territory);
        }
        if (request.network() != Network.WEBHOOK && request.baseUrl() != null) {
            throw KitProblemException.invalid("baseUrl", "pour les webhooks seulement : l’hôte de " + request.network()
                    + " est fixé par le service (Mastodon : l’instance des identifiants) / webhooks only: the API host of "
                    + request.network() + " is fixed by the service (Mastodon: the instance of its credentials)");
        }
        if (request.network() == Network.WEBHOOK) {
            if (request.baseUrl() == null || request.baseUrl().isBlank()) {
                throw KitProblemException.invalid("baseUrl", "obligatoire pour un webhook / required for a webhook");
            }
            try {
                guard.check(request.baseUrl());
            } catch (DestinationGuard.Refused refused) {
                throw KitProblemException.invalid("baseUrl", refused.getMessage());
            }
        }
        SocialAccountEntity saved = registry.register(actor.get(), new NewAccount(request.network(), territory,
                request.name(), request.baseUrl(), request.target(), request.credentials(),
                request.language() == null ? "fr" : request.language(), Boolean.TRUE.equals(request.testOnly())));
        return Response.created(URI.create("/api/v1/social-accounts/" + saved.id)).entity(SocialAccountView.of(saved)).build();
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "Disabled")
    @Operation(operationId = "disableSocialAccount", summary = "Stop posting to an account (its delivery history is kept)")
    public Response disable(@PathParam("id") UUID id) {
        if (!registry.disable(actor.get(), id)) {
            throw new NotFoundException("Unknown account " + id);
        }
        return Response.noContent().build();
    }
}
