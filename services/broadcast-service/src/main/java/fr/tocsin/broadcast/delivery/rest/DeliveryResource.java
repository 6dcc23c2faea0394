package fr.tocsin.broadcast.delivery.rest;

import fr.tocsin.kit.auth.TokenActor;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.broadcast.delivery.DeliveryWorker;
import fr.tocsin.broadcast.delivery.DeliveryWorker.Seen;
import fr.tocsin.kit.problem.KitProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

/** Where each post about an incident went: pending, sent (remote id and URL) or failed (last error). */
@Path("/api/v1/deliveries")
@Tag(name = "Social accounts")
@RolesAllowed({"ministry", "prefecture"})
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    /** What a ledger subject looks like (the column holds 64 characters). */
    private static final java.util.regex.Pattern SUBJECT = java.util.regex.Pattern.compile("[A-Za-z0-9:._-]{1,64}");

    @Inject
    DeliveryWorker worker;

    @Inject
    TokenActor actor;

    @GET
    @Operation(operationId = "listDeliveries", summary = "Every account × post of an incident (or of a territory's numbers: subject=numbers:department:59)",
            description = "Within the caller's territories: a prefecture sees the deliveries to the accounts of its "
                    + "territories, the ministry all of them. Errors are shown redacted (no URL path, no credential).")
    public jakarta.ws.rs.core.Response deliveries(@QueryParam("incident") UUID incident, @QueryParam("subject") String subject) {
        String key = incident != null ? incident.toString() : subject;
        if (key == null || key.isBlank()) {
            throw KitProblemException.invalid("incident", "incident (or subject) is required");
        }
        if (!SUBJECT.matcher(key).matches()) {
            // A NUL or broken Unicode would reach PostgreSQL (a 500): subjects are incident ids or numbers:<territory>.
            throw KitProblemException.invalid("subject", "un identifiant d’incident ou numbers:<territoire> / an incident id "
                    + "or numbers:<territory>, e.g. numbers:department:59");
        }
        Actor caller = actor.get();
        List<Seen> seen = worker.deliveries(key, account -> visibleTo(caller, account));
        return jakarta.ws.rs.core.Response.ok(seen.stream().map(s -> DeliveryView.of(s.delivery(), s.account())).toList())
                .build();
    }

    /** An account speaks for one territory: its deliveries are its authority's and those above it. */
    static boolean visibleTo(Actor caller, String accountTerritory) {
        if (caller.role() == Actor.Role.MINISTRY) {
            return true;
        }
        try {
            return caller.covers(TerritoryRef.parse(accountTerritory));
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
