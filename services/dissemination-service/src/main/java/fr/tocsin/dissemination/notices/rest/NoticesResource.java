package fr.tocsin.dissemination.notices.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.problem.Problem;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.config.PublicConfig;
import fr.tocsin.dissemination.notices.OpenStreams;
import fr.tocsin.dissemination.readmodel.NoticeBoard;
import fr.tocsin.dissemination.rendering.RenderCache;
import fr.tocsin.dissemination.rendering.Rendered;
import fr.tocsin.dissemination.web.CachedResponses;
import fr.tocsin.dissemination.web.HotOutputs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.net.URI;

import static fr.tocsin.dissemination.web.BadRequests.badRequest;
import static fr.tocsin.dissemination.web.BadRequests.territory;

/** The prefecture pull API: what is in force for a territory, served from memory with ETag revalidation. */
@Path("/api/v1/notices")
@Tag(name = "Public notices", description = "The prefecture pull API: incidents in force and live numbers, polled or streamed")
public class NoticesResource {

    /** Open Server-Sent Events streams of this instance, across requests. */
    @Inject
    OpenStreams openStreams;

    @Inject
    NoticeBoard board;

    @Inject
    PublicConfig config;

    @Inject
    RenderCache cache;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getNotices", summary = "Incidents in force and live fallback numbers for a territory (all of France by default)",
            description = "Send If-None-Match with the last ETag: 304 while nothing changed. With since (the asOf "
                    + "of the previous answer), the changes after it: incidents that changed, those no longer in force "
                    + "(removedIncidents, with their final status), live-number sets that changed or were withdrawn "
                    + "(withdrawnNumbers), and a new asOf; full is true when the answer is the whole state. "
                    + "See docs/PUBLIC.md for the sync recipe.")
    public Response notices(@Parameter(description = "\"59\", \"department:59\", \"region:32\", \"commune:14118\" or \"FR\"")
                            @QueryParam("territory") String territory,
                            @Parameter(description = "The asOf of the previous answer (ISO-8601): what changed since, ended and withdrawn included")
                            @QueryParam("since") String since,
                            @Parameter(description = "\"upcoming\": also the planned works not begun, in their own "
                                    + "field upcoming (never among incidents); full notices only, not with since")
                            @QueryParam("include") String include,
                            @Context HttpHeaders headers) {
        TerritoryRef ref = territory(territory);
        boolean upcoming = include != null && !include.isBlank();
        if (upcoming && !HotOutputs.UPCOMING.equals(include.strip())) {
            return badRequest("include", "seule valeur : upcoming / the only value is upcoming");
        }
        Instant after;
        try {
            after = since == null || since.isBlank() ? null : Instant.parse(since);
        } catch (DateTimeParseException e) {
            return badRequest("since", "date ISO-8601 attendue / ISO-8601 instant expected, e.g. 2026-06-02T16:00:00Z");
        }
        // Only the full notices of a territory are cached (a bounded set of keys); a since variant is rendered per
        // request, or every distinct instant an anonymous client sends would be an entry.
        if (upcoming && after != null) {
            return badRequest("include", "pas avec since / not with since: ask the full notices for upcoming works");
        }
        Rendered rendered = after == null
                ? cache.get(HotOutputs.territoryNoticesKey(ref, upcoming), ref, MediaType.APPLICATION_JSON,
                        () -> render(ref, null, upcoming))
                : Rendered.of(render(ref, after, false), MediaType.APPLICATION_JSON, board.version());
        return CachedResponses.of(rendered, headers);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(operationId = "streamNotices", summary = "Server-Sent Events: the territory's notices (JSON) now, then each time they change")
    public Multi<String> stream(@QueryParam("territory") String territory) {
        TerritoryRef ref = territory(territory);
        if (!openStreams.tryOpen(config.maxStreams())) {
            throw new WebApplicationException(Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", 30)
                    .entity(new Problem(URI.create("about:blank"), "Service surchargé / Service overloaded", 503,
                            "Trop de flux ouverts, réessayez ou interrogez /api/v1/notices / too many open streams, "
                                    + "retry later or poll /api/v1/notices", "/api/v1/notices/stream", List.of()))
                    .build());
        }
        String key = HotOutputs.territoryNoticesKey(ref, false);
        AtomicReference<String> lastSent = new AtomicReference<>();
        // Ticks only say "something changed": keep the latest under pressure, then send only if this territory's
        // notices really differ from what this subscriber last got.
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(board.version()),
                        board.changes().onOverflow().dropPreviousItems())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> cache.get(key, ref, MediaType.APPLICATION_JSON, () -> render(ref, null, false)))
                .filter(rendered -> !rendered.etag().equals(lastSent.getAndSet(rendered.etag())))
                .map(rendered -> new String(rendered.body(), StandardCharsets.UTF_8))
                .onTermination().invoke(openStreams::close);
    }

    private String render(TerritoryRef ref, Instant after, boolean withUpcoming) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        List<IncidentNotice> incidents = board.inForceAt(ref).stream().map(IncidentNotice::of).toList();
        List<IncidentNotice> upcoming = withUpcoming ? board.upcomingAt(ref).stream().map(IncidentNotice::of).toList() : null;
        List<Notices.TerritoryNumbers> numbers = board.liveNumbersAt(ref).stream().map(NoticesResource::numbers).toList();
        // The territory's own last change, not the board's: unrelated changes elsewhere keep its ETag, its 304s and
        // its stream quiet.
        Instant lastChange = java.util.stream.Stream.concat(java.util.stream.Stream.concat(
                                incidents.stream().map(IncidentNotice::updatedAt),
                                upcoming == null ? java.util.stream.Stream.<Instant>empty()
                                        : upcoming.stream().map(IncidentNotice::updatedAt)),
                        board.liveNumbersAt(ref).stream().map(set -> set.occurredAt()))
                .max(java.util.Comparator.naturalOrder()).orElse(null);
        try {
            if (after == null) {
                return json.writeValueAsString(new Notices(ref.toString(), directory.name(ref), lastChange, incidents, numbers,
                        upcoming));
            }
            // Changes, not a filtered state: stamped when this instance applied them, ended incidents and withdrawn
            // sets included, so a site applying them in turn holds exactly the full notices.
            NoticeBoard.Changes changes = board.changesAt(ref, after);
            return json.writeValueAsString(new NoticeChanges(ref.toString(), directory.name(ref), after, changes.asOf(),
                    changes.full(), lastChange, changes.inForce().stream().map(IncidentNotice::of).toList(),
                    changes.live().stream().map(NoticesResource::numbers).toList(),
                    changes.removed().stream().map(IncidentNotice::of).toList(),
                    changes.withdrawn().stream()
                            .map(t -> new Notices.TerritoryNumbers(t, directory.name(t), List.of())).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Notices.TerritoryNumbers numbers(fr.tocsin.contracts.fallback.LiveNumbersEvent set) {
        return new Notices.TerritoryNumbers(set.territory(), TerritoryDirectory.get().name(set.territory()), set.numbers());
    }
}
