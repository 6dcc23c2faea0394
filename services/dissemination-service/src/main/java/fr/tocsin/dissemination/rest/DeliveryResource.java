package fr.tocsin.dissemination.rest;

import fr.tocsin.kit.auth.TokenActor;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.persistence.DeliveryEntity;
import fr.tocsin.dissemination.persistence.SocialAccountEntity;
import fr.tocsin.dissemination.rest.dto.DeliveryView;
import fr.tocsin.dissemination.service.social.DeliveryWorker;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Where each post about an incident went: pending, sent (remote id and URL) or failed (last error). */
@Path("/api/v1/deliveries")
@Tag(name = "Social accounts")
@RolesAllowed({"ministry", "prefecture"})
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    @Inject
    DeliveryWorker worker;

    @Inject
    TokenActor actor;

    @GET
    @Transactional
    @Operation(operationId = "listDeliveries", summary = "Every account × post of an incident (or of a territory's numbers: subject=numbers:department:59)",
            description = "Within the caller's territories: a prefecture sees the deliveries to the accounts of its "
                    + "territories, the ministry all of them. Errors are shown redacted (no URL path, no credential).")
    public jakarta.ws.rs.core.Response deliveries(@QueryParam("incident") UUID incident, @QueryParam("subject") String subject) {
        String key = incident != null ? incident.toString() : subject;
        if (key == null || key.isBlank()) {
            return NoticesResource.badRequest("incident", "incident (or subject) is required");
        }
        Actor caller = actor.get();
        List<DeliveryEntity> deliveries = DeliveryEntity.ofSubject(key);
        Map<UUID, SocialAccountEntity> accounts = SocialAccountEntity.<SocialAccountEntity>list("id in ?1",
                        deliveries.stream().map(d -> d.accountId).distinct().toList()).stream()
                .filter(account -> visibleTo(caller, account))
                .collect(Collectors.toMap(a -> a.id, Function.identity()));
        return jakarta.ws.rs.core.Response.ok(deliveries.stream().filter(d -> accounts.containsKey(d.accountId))
                .map(d -> DeliveryView.of(d, accounts.get(d.accountId))).toList()).build();
    }

    /** An account speaks for one territory: its deliveries are its authority's and those above it. */
    static boolean visibleTo(Actor caller, SocialAccountEntity account) {
        if (caller.role() == Actor.Role.MINISTRY) {
            return true;
        }
        try {
            return caller.covers(TerritoryRef.parse(account.territory));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @POST
    @Path("redrive")
    @RolesAllowed("ministry")
    @Operation(operationId = "redriveDeliveries", summary = "Attempt failed deliveries again (of one incident, or all of them)")
    public Map<String, Integer> redrive(@QueryParam("incident") UUID incident) {
        return Map.of("redriven", worker.redrive(actor.get(), incident == null ? null : incident.toString()));
    }
}
