package fr.tocsin.dissemination.pages.rest;

import fr.tocsin.dissemination.pages.PublicAssets;
import fr.tocsin.dissemination.web.CachedResponses;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Styles, fonts and icons of the public pages, from memory; their URLs are versioned, so cached for a year. */
@Path("/static")
@Tag(name = "Public pages")
public class AssetResource {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @Inject
    PublicAssets assets;

    @GET
    @Path("{bundle}/{path: .+}")
    @Operation(hidden = true)
    public Response asset(@PathParam("bundle") String bundle, @PathParam("path") String path, @Context HttpHeaders headers) {
        return CachedResponses.of(assets.find(bundle, path).orElseThrow(NotFoundException::new), headers, IMMUTABLE);
    }
}
