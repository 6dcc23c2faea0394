package fr.tocsin.dissemination.feeds.rest;

import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.feeds.CapFeed;
import fr.tocsin.dissemination.feeds.CapSigner;
import fr.tocsin.dissemination.feeds.Feeds;
import fr.tocsin.dissemination.readmodel.NoticeBoard;
import fr.tocsin.dissemination.rendering.RenderCache;
import fr.tocsin.dissemination.web.CachedResponses;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

import static fr.tocsin.dissemination.web.BadRequests.territory;

/** Feeds for aggregators and media: Atom, RSS, and CAP 1.2 with its Atom index. */
@Path("/")
@Tag(name = "Feeds", description = "Atom and RSS feeds, CAP 1.2 messages and their signing key")
public class FeedResource {

    static final String ATOM = "application/atom+xml;charset=UTF-8";
    static final String RSS = "application/rss+xml;charset=UTF-8";
    static final String CAP = "application/cap+xml;charset=UTF-8";

    @Inject
    NoticeBoard board;

    @Inject
    RenderCache cache;

    @Inject
    Feeds feeds;

    @Inject
    CapFeed cap;

    @Inject
    CapSigner signer;

    @GET
    @Path("feeds/incidents.atom")
    @APIResponse(responseCode = "200", description = "Atom 1.0 feed", content = @Content(mediaType = "application/atom+xml"))
    @Operation(operationId = "incidentsAtomFeed", summary = "Atom feed of incidents, national or for a territory (?territory=59)")
    public Response atom(@QueryParam("territory") String territory, @Context HttpHeaders headers) {
        return incidents(territory, Feeds.ATOM, ATOM, "fr", headers);
    }

    @GET
    @Path("en/feeds/incidents.atom")
    @Operation(summary = "Atom feed of incidents in English, national or for a territory (?territory=59)")
    public Response atomEnglish(@QueryParam("territory") String territory, @Context HttpHeaders headers) {
        return incidents(territory, Feeds.ATOM, ATOM, "en", headers);
    }

    @GET
    @Path("feeds/incidents.rss")
    @APIResponse(responseCode = "200", description = "RSS 2.0 feed", content = @Content(mediaType = "application/rss+xml"))
    @Operation(operationId = "incidentsRssFeed", summary = "RSS 2.0 feed of incidents, national or for a territory (?territory=59)")
    public Response rss(@QueryParam("territory") String territory, @Context HttpHeaders headers) {
        return incidents(territory, Feeds.RSS, RSS, "fr", headers);
    }

    @GET
    @Path("en/feeds/incidents.rss")
    @Operation(summary = "RSS 2.0 feed of incidents in English, national or for a territory (?territory=59)")
    public Response rssEnglish(@QueryParam("territory") String territory, @Context HttpHeaders headers) {
        return incidents(territory, Feeds.RSS, RSS, "en", headers);
    }

    @GET
    @Path("feeds/cap.atom")
    @APIResponse(responseCode = "200", description = "Atom 1.0 feed of CAP messages", content = @Content(mediaType = "application/atom+xml"))
    @Operation(operationId = "capIndexFeed", summary = "CAP-over-Atom index: one entry per alert, linking its CAP 1.2 message")
    public Response capIndex(@Context HttpHeaders headers) {
        return CachedResponses.of(cache.get("feed|cap", ATOM, feeds::capIndex), headers);
    }

    @GET
    @Path("cap/{id}.xml")
    @APIResponse(responseCode = "200", description = "CAP 1.2 message, signed (enveloped XML-DSig)", content = @Content(mediaType = "application/cap+xml"))
    @Operation(operationId = "capMessage", summary = "The latest CAP 1.2 message of an alert (Alert, Update or Cancel with references)")
    public Response capLatest(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        if (board.versions(id).isEmpty()) {
            throw new NotFoundException("Aucune alerte / no alert " + id);
        }
        // Read inside the rendering: it runs again, in the background, on every later change.
        return CachedResponses.of(cache.get("cap|" + id, CAP, () -> {
            List<IncidentSnapshot> versions = board.versions(id);
            return cap.write(versions.getLast(), versions.subList(0, versions.size() - 1));
        }), headers);
    }

    @GET
    @Path("cap/signing-key.pem")
    @Produces("application/x-pem-file")
    @Operation(operationId = "capSigningKey", summary = "The public key that verifies the enveloped XML signature of every CAP message")
    public Response capSigningKey() {
        return Response.ok(signer.publicKeyPem()).header("Cache-Control", "public, max-age=3600").build();
    }

    @GET
    @Path("cap/signing-keys.pem")
    @Produces("application/x-pem-file")
    @Operation(operationId = "capSigningKeys", summary = "Every key a CAP signature may be made with: the current one and, around a rotation, the next and previous ones; each after a Key-Id line (the signature's KeyName)")
    public Response capSigningKeys() {
        return Response.ok(signer.acceptedKeysPem()).header("Cache-Control", "public, max-age=3600").build();
    }

    @GET
    @Path("cap/signing-keys.jwks")
    @Produces("application/jwk-set+json")
    @Operation(operationId = "capSigningKeySet", summary = "The same keys as a JWK Set (RFC 7517): kid is the signature's KeyName")
    public Response capSigningKeySet() {
        return Response.ok(signer.acceptedKeysJwks()).header("Cache-Control", "public, max-age=3600").build();
    }

    private Response incidents(String territory, String feedType, String contentType, String language,
                               HttpHeaders headers) {
        TerritoryRef ref = territory(territory);
        return CachedResponses.of(cache.get("feed|" + feedType + "|" + ref + "|" + language, ref, contentType,
                () -> feeds.incidents(ref, feedType, language)), headers);
    }
}
