package fr.tocsin.console.deliveries.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import fr.tocsin.console.signin.client.PersonsAccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * broadcast-service's delivery status (docs/SOCIAL.md), with the signed-in person's token: the API shows them the
 * deliveries to their territories' accounts and subscribers, and lets them re-drive only those.
 */
@RegisterRestClient(configKey = "broadcast-api")
@RegisterProvider(PersonsAccessToken.class)
@Path("/api/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public interface BroadcastApi {

    @GET
    List<Delivery> deliveries(@QueryParam("incident") UUID incident);

    @GET
    @Path("/subscribers")
    List<ChannelState> subscribers(@QueryParam("incident") UUID incident);

    @POST
    @Path("/redrive")
    Map<String, Integer> redrive(@QueryParam("incident") UUID incident);

    /** One post of a version of the incident to one account (a network's or a partner's webhook). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Delivery(UUID id, String account, String network, String territory, String kind, long version, String status,
                    int attempts, Instant nextAttemptAt, String lastError, String remoteUrl, Instant sentAt) {
    }

    /** How many messages to subscribers of a channel (SMS, EMAIL) are in a state. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChannelState(String channel, String status, long count) {
    }
}
