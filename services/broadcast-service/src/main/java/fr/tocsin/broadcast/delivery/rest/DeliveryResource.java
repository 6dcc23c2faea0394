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
        Actor caller = actor.get();
        List<Seen> seen = worker.deliveries(subjectOf(incident, subject), account -> visibleTo(caller, account));
        return jakarta.ws.rs.core.Response.ok(seen.stream().map(s -> DeliveryView.of(s.delivery(), s.account())).toList())
                .build();
    }

    @GET
    @Path("subscribers")
    @Operation(operationId = "listSubscriberDeliveries", summary = "The messages of an incident to citizen subscribers: how many in each state, per channel (SMS, EMAIL)",
            description = "Counts only (no destination), of the subscriptions within the caller's territories; the ministry "
                    + "counts all of them. A subscriber's failure suspends its destination: nothing to re-drive.")
    public List<DeliveryWorker.ChannelState> subscribers(@QueryParam("incident") UUID incident, @QueryParam("subject") String subject) {
        Actor caller = actor.get();
        return worker.subscriberStates(subjectOf(incident, subject), territory -> visibleTo(caller, territory));
    }

    private static String subjectOf(UUID incident, String subject) {
        String key = incident != null ? incident.toString() : subject;
        if (key == null || key.isBlank()) {
            throw KitProblemException.invalid("incident", "incident (or subject) is required");
        }
        if (!SUBJECT.matcher(key).matches()) {
            // A NUL or broken Unicode would reach PostgreSQL (a 500): subjects are incident ids or numbers:<territory>.
            throw KitProblemException.invalid("subject", "un identifiant d’incident ou numbers:<territoire> / an incident id "
                    + "or numbers:<territory>, e.g. numbers:department:59");
        }
        return key;
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

    /**
     * Scoped like the reads: the ministry re-drives any failure (of one incident, or all at once), a prefecture those
     * of one incident to its own territories' accounts, refused (403) when none of the failures is theirs. Posts
     * recorded UNKNOWN (perhaps posted before their sender stopped) are re-driven with the failures: the operator
     * checked they are not on the network.
     */
    @POST
    @Path("redrive")
    @Operation(operationId = "redriveDeliveries", summary = "Attempt failed (and UNKNOWN) deliveries again (of one incident; all of them: ministry only)")
    public Map<String, Integer> redrive(@QueryParam("incident") UUID incident) {
        Actor caller = actor.get();
        if (incident == null && caller.role() != Actor.Role.MINISTRY) {
            throw KitProblemException.invalid("incident", "l’incident est requis (tous à la fois : ministère seulement) / "
                    + "incident is required (all at once: ministry only)");
        }
        return Map.of("redriven", worker.redrive(caller, incident == null ? null : incident.toString(),
                account -> visibleTo(caller, account)));
    }
}
