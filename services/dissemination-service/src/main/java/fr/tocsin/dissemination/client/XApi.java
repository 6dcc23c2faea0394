package fr.tocsin.dissemination.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** X API v2: https://docs.x.com/x-api/posts/creation-of-a-post */
@Path("/2")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface XApi {

    /** Body: {@code text}, {@code reply.in_reply_to_tweet_id}; answers {@code data.id}. */
    @POST
    @Path("/tweets")
    Response createPost(@HeaderParam("Authorization") String bearer, JsonNode post);
}
