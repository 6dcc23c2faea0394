package fr.tocsin.broadcast.networks;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Mastodon's REST API: https://docs.joinmastodon.org/methods/statuses/#create */
@Path("/api/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface MastodonApi {

    /** Body: {@code status}, {@code in_reply_to_id}, {@code language}, {@code visibility}. */
    @POST
    @Path("/statuses")
    Response postStatus(@HeaderParam("Authorization") String bearer, @HeaderParam("Idempotency-Key") String idempotencyKey,
                        JsonNode status);
}
