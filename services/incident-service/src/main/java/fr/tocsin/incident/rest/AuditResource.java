package fr.tocsin.incident.rest;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.incident.service.AccessDeniedException;
import fr.tocsin.incident.service.AuditChain;
import fr.tocsin.incident.service.AuditLog;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.HexFormat;

/** Checks the audit trail's chain for the ministry's auditors. */
@Path("/api/v1/audit")
@Tag(name = "Audit")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditLog audit;

    @Inject
    CurrentActor currentActor;

    @GET
    @Path("/verification")
    @Operation(summary = "Verify the audit trail's hash chain; reports the first broken link (ministry only)")
    public VerificationReport verify() {
        if (currentActor.get().role() != Actor.Role.MINISTRY) {
            throw new AccessDeniedException("Réservé au ministère / ministry only");
        }
        AuditChain.Verification result = audit.verify();
        return new VerificationReport(result.intact(), result.checked(), result.unchained(),
                result.firstBroken() == null ? null : new BrokenLinkReport(result.firstBroken().id(), result.firstBroken().reason()),
                result.lastHash() == null ? null : HexFormat.of().formatHex(result.lastHash()));
    }

    /**
     * @param lastHash hex HMAC of the last verified record: noted elsewhere, it pins everything before it
     */
    public record VerificationReport(boolean intact, long checked, long unchained, BrokenLinkReport firstBrokenLink,
                                     String lastHash) {
    }

    public record BrokenLinkReport(long recordId, String reason) {
    }
}
