package fr.tocsin.broadcast.networks;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The Graph API of a Facebook Page (base URL includes the version, e.g. https://graph.facebook.com/v21.0):
 * https://developers.facebook.com/docs/pages-api/posts
 */
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.APPLICATION_JSON)
public interface FacebookGraphApi {

    /** Answers {@code {"id": "<page-id>_<post-id>"}}. */
    @POST
    @Path("/{pageId}/feed")
    Response publish(@PathParam("pageId") String pageId, @FormParam("message") String message,
                     @FormParam("link") String link, @FormParam("access_token") String accessToken);

    /**
     * The Page's own posts, newest first: {@code {"data": [{"id", "message", "created_time"}], "paging": {"cursors":
     * {"after"}, "next"}}} ({@code next} absent on the last page). The token goes in the Authorization header (RFC
     * 6750), never in a URL that logs keep.
     */
    @GET
    @Path("/{pageId}/published_posts")
    Response publishedPosts(@PathParam("pageId") String pageId, @HeaderParam("Authorization") String bearer,
                            @QueryParam("fields") String fields, @QueryParam("since") long since,
                            @QueryParam("limit") int limit, @QueryParam("after") String after);

    /** A post's comments, newest first with {@code order=reverse_chronological}; the same page shape. */
    @GET
    @Path("/{postId}/comments")
    Response comments(@PathParam("postId") String postId, @HeaderParam("Authorization") String bearer,
                      @QueryParam("fields") String fields, @QueryParam("order") String order,
                      @QueryParam("limit") int limit, @QueryParam("after") String after);

    /** Follow-ups go as comments under the first post. */
    @POST
    @Path("/{postId}/comments")
    Response comment(@PathParam("postId") String postId, @FormParam("message") String message,
                     @FormParam("access_token") String accessToken);
}
