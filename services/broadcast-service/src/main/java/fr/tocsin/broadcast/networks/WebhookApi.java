package fr.tocsin.broadcast.networks;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A partner's endpoint, signed the Standard Webhooks way: https://www.standardwebhooks.com */
@Consumes(MediaType.APPLICATION_JSON)
public interface WebhookApi {

    @POST
    Response deliver(@HeaderParam("webhook-id") String id, @HeaderParam("webhook-timestamp") String timestamp,
                     @HeaderParam("webhook-signature") String signature, String body);
}
