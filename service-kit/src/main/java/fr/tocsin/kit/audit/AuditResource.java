package fr.tocsin.kit.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.kit.auth.TokenActor;
import fr.tocsin.kit.problem.KitProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;

/**
 * The service's audit trail for the authorities: the ministry reads all of it, a prefecture or a mayor the records
 * within their territories, operators none; only the ministry verifies the chain. Served on the authorities'
 * host only (k8s/base/ingress.yaml).
 */
@Path("/api/v1/audit")
@Tag(name = "Audit", description = "The service's tamper-evident audit trail and its verification")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final int MAX_SIZE = 200;
    static final int MAX_PAGE = 1_000_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditTrail trail;

    @Inject
    TokenActor tokenActor;

    @GET
    @Operation(operationId = "listAuditRecords", summary = "Audit records within your territories, newest first (not for operators)")
    public AuditPage list(@QueryParam("target") String target, @QueryParam("since") String since,
                          @QueryParam("page") @DefaultValue("0") String pageParam,
                          @QueryParam("size") @DefaultValue("50") String sizeParam) {
        Actor reader = tokenActor.get();
        if (reader.role() == Actor.Role.OPERATOR) {
            throw KitProblemException.forbidden("Le journal d’audit n’est pas ouvert aux opérateurs / the audit trail is "
                    + "not open to operators");
        }
        // Read as text: a non-number is then a 400 naming the parameter, not JAX-RS' bare 404.
        int page = number("page", pageParam);
        int size = number("size", sizeParam);
        if (page < 0 || page > MAX_PAGE) {
            throw KitProblemException.invalid("page", "entre 0 et " + MAX_PAGE + " / between 0 and " + MAX_PAGE);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw KitProblemException.invalid("size", "entre 1 et " + MAX_SIZE + " / between 1 and " + MAX_SIZE);
        }
        Instant from = null;
        if (since != null && !since.isBlank()) {
            try {
                from = Instant.parse(since.strip());
            } catch (DateTimeParseException e) {
                throw KitProblemException.invalid("since", "instant ISO-8601 attendu / an ISO-8601 instant such as "
                        + "2026-01-31T08:00:00Z");
            }
        }
        String targetId = target == null || target.isBlank() ? null : target.strip();
        List<AuditEntry> records = trail.page(reader, targetId, from, page, size).stream().map(AuditResource::entry).toList();
        return new AuditPage(records, page, size);
    }

    @GET
    @Path("/verification")
    @Operation(operationId = "verifyAuditChain", summary = "Verify the audit trail's hash chain; reports the first broken link (ministry only)")
    public VerificationReport verify() {
        if (tokenActor.get().role() != Actor.Role.MINISTRY) {
            throw KitProblemException.forbidden("Réservé au ministère / ministry only");
        }
        AuditChain.Verification result = trail.verify();
        return new VerificationReport(result.intact(), result.checked(), result.unchained(), result.chainStart(),
                result.firstBroken() == null ? null : new BrokenLinkReport(result.firstBroken().id(), result.firstBroken().reason()),
                result.lastHash() == null ? null : HexFormat.of().formatHex(result.lastHash()));
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw KitProblemException.invalid(name, "nombre entier attendu / an integer is expected");
        }
    }

    private static AuditEntry entry(AuditRecord r) {
        return new AuditEntry(r.id, r.at, r.actor, r.actorRole, r.action, r.targetId,
                r.territories == null ? List.of() : List.of(r.territories), tree(r.before), tree(r.after),
                r.hash == null ? null : HexFormat.of().formatHex(r.hash));
    }

    private static JsonNode tree(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record AuditPage(List<AuditEntry> records, int page, int size) {
    }

    public record AuditEntry(long id, Instant at, String actor, String role, String action, String targetId,
                             List<String> territories, JsonNode before, JsonNode after, String hash) {
    }

    /**
     * @param chainStart id from which every record is chained: note it with lastHash
     * @param lastHash   hex HMAC of the last verified record: noted elsewhere, it pins everything before it
     */
    public record VerificationReport(boolean intact, long checked, long unchained, Long chainStart,
                                     BrokenLinkReport firstBrokenLink, String lastHash) {
    }

    public record BrokenLinkReport(long recordId, String reason) {
    }
}
