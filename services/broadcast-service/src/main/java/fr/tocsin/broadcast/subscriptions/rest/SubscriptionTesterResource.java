package fr.tocsin.broadcast.subscriptions.rest;

import fr.tocsin.broadcast.config.SubscriptionConfig;
import fr.tocsin.broadcast.subscriptions.Subscriptions;
import fr.tocsin.kit.auth.TokenActor;
import fr.tocsin.kit.problem.KitProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * Testers (ministry only): the destinations whose subscriptions also receive exercises and tests, so that an exercise
 * reaches the people rehearsing it and never the public. The tester subscribes and confirms like anyone; the ministry
 * then flags the destination.
 */
@Path("/api/v1/subscription-testers")
@Tag(name = "Subscriptions")
@RolesAllowed("ministry")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionTesterResource {

    @Inject
    Subscriptions subscriptions;

    @Inject
    SubscriptionConfig config;

    @Inject
    TokenActor actor;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Flagged: how many subscriptions of the destination")
    @APIResponse(responseCode = "404", description = "The destination has no subscription")
    @Operation(operationId = "setSubscriptionTester", summary = "Make a destination a tester (exercises and tests), or not")
    public Map<String, Object> set(TesterRequest request) {
        if (request == null || request.tester() == null) {
            throw KitProblemException.invalid("tester", "true ou false obligatoire / true or false required");
        }
        DestinationField destination = DestinationField.of(request.mobile(), request.email(), config.acceptFictionNumbers());
        int count = subscriptions.setTester(actor.get(), destination.channel(), destination.destination(),
                request.tester());
        if (count == 0) {
            throw KitProblemException.notFound("aucun abonnement pour ce destinataire / no subscription for this destination");
        }
        return Map.of("tester", request.tester(), "subscriptions", count);
    }
}
