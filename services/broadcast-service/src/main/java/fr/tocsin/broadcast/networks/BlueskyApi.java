package fr.tocsin.broadcast.networks;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The AT Protocol XRPC endpoints of a Bluesky PDS: https://docs.bsky.app/docs/advanced-guides/posts */
@Path("/xrpc")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface BlueskyApi {

    /** Body: {@code identifier} (handle), {@code password} (an app password); answers accessJwt and did. */
    @POST
    @Path("/com.atproto.server.createSession")
    Response createSession(JsonNode credentials);

    /**
     * The repo's records of a collection, newest first, a page at a time: {@code records} (each {@code uri}, {@code
     * cid} and {@code value}, the record itself) and a {@code cursor} for the next page, absent on the last.
     */
    @GET
    @Path("/com.atproto.repo.listRecords")
    Response listRecords(@HeaderParam("Authorization") String bearer, @QueryParam("repo") String repo,
                         @QueryParam("collection") String collection, @QueryParam("limit") int limit,
                         @QueryParam("cursor") String cursor);

    /** Body: {@code repo} (the did), {@code collection} app.bsky.feed.post, {@code record}; answers uri and cid. */
    @POST
    @Path("/com.atproto.repo.createRecord")
    Response createRecord(@HeaderParam("Authorization") String bearer, JsonNode record);
}
