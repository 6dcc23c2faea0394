package fr.tocsin.dissemination.rest;

import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.rest.dto.IncidentNotice;
import fr.tocsin.dissemination.rest.dto.Notices;
import fr.tocsin.dissemination.service.NoticeBoard;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

@Path("/api/v1/notices")
@Tag(name = "Public notices")
public class NoticesResource {

    @Inject
    NoticeBoard board;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Incidents in force and live fallback numbers for a territory (all of France by default)")
    public Response notices(@Parameter(description = "\"59\", \"department:59\", \"region:32\", \"commune:14118\" or \"FR\"")
                            @QueryParam("territory") String territory) {
        TerritoryRef ref;
        try {
            ref = territory == null || territory.isBlank() ? TerritoryRef.national() : TerritoryRef.parse(territory);
        } catch (IllegalArgumentException e) {
            return badTerritory(e.getMessage());
        }
        TerritoryDirectory directory = TerritoryDirectory.get();
        if (!directory.exists(ref)) {
            return badTerritory("territoire inconnu / unknown territory: " + ref);
        }
        List<IncidentNotice> incidents = board.inForceAt(ref).stream().map(IncidentNotice::of).toList();
        List<Notices.TerritoryNumbers> numbers = board.liveNumbersAt(ref).stream()
                .map(set -> new Notices.TerritoryNumbers(set.territory(), directory.name(set.territory()), set.numbers()))
                .toList();
        return Response.ok(new Notices(ref.toString(), directory.name(ref), board.lastChange(), incidents, numbers))
                .build();
    }

    private static Response badTerritory(String message) {
        return Response.status(400).type("application/problem+json")
                .entity(Map.of("type", "https://tocsin.fr/problems/validation", "title", "Requête invalide / Invalid request",
                        "status", 400, "detail", message,
                        "errors", List.of(Map.of("field", "territory", "message", message))))
                .build();
    }
}
