package fr.tocsin.fallback.activation.rest;

import fr.tocsin.kit.rest.QueryParameters;

import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.fallback.activation.persistence.LiveNumbers;
import fr.tocsin.fallback.activation.persistence.LiveNumbersRepository;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** What is live, now or at a past instant. Public information: no token needed. */
@Path("/api/v1/live-numbers")
@Tag(name = "Live numbers", description = "The numbers to call now, public")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class LiveNumbersResource {

    @Inject
    LiveNumbersRepository liveNumbers;

    @GET
    @Transactional
    @Operation(operationId = "listLiveNumbers", summary = "Live numbers of the territories within one (all by default), now or at an instant")
    public List<LiveNumbers> live(
            @Parameter(description = "59, department:59, region:32, commune:14118, FR") @QueryParam("territory") String territory,
            @Parameter(description = "ISO-8601 instant: what was live then, e.g. 2026-06-02T18:15:00Z") @QueryParam("at") String at) {
        TerritoryRef scope = QueryParameters.territory("territory", territory);
        Instant instant = QueryParameters.instant("at", at);
        TerritoryDirectory directory = TerritoryDirectory.get();
        List<String> territories = liveNumbers.all().stream().map(LiveNumbers::territory)
                .filter(t -> scope == null || directory.related(scope, TerritoryRef.parse(t)))
                .toList();
        return territories.stream()
                .map(t -> instant == null ? liveNumbers.find(t) : liveNumbers.at(t, instant))
                .flatMap(java.util.Optional::stream)
                .filter(live -> !live.numbers().isEmpty())
                .toList();
    }
}
