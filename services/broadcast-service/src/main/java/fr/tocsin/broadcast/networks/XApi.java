package fr.tocsin.broadcast.networks;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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

    /**
     * OAuth 2.0 refresh (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code):
     * {@code grant_type=refresh_token&refresh_token=…&client_id=…}, with {@code Authorization: Basic
     * base64(client_id:client_secret)} for a confidential client (null for a public one: no header). Answers
     * {@code token_type}, {@code expires_in}, {@code access_token}, {@code scope} and a new {@code refresh_token}.
     */
    @POST
    @Path("/oauth2/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Response refreshToken(@HeaderParam("Authorization") String basic, @FormParam("grant_type") String grantType,
                          @FormParam("refresh_token") String refreshToken, @FormParam("client_id") String clientId);
}
