package fr.tocsin.incident.declaration.rest;

import fr.tocsin.incident.lifecycle.rest.LocalizedTextDto;

import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.incident.declaration.DeclareCommand;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

import static fr.tocsin.incident.lifecycle.rest.LocalizedTextDto.text;

/**
 * A new incident. With a {@code template}, the texts, services, category and severity the request leaves out
 * come from the template, so a recurring outage is declared with territories alone.
 */
@Schema(description = "A new incident. Territories: \"FR\", \"region:32\", \"department:59\" (or \"59\"), \"commune:14118\".")
public record DeclareIncidentRequest(
        @Schema(examples = "emergency-numbers-unreachable") @Size(max = 64) String template,
        @Valid LocalizedTextDto title,
        @Valid LocalizedTextDto description,
        @Valid LocalizedTextDto instructions,
        @Size(max = 64) String category,
        @Schema(examples = "[\"15\", \"17\", \"18\", \"112\"]")
        @Size(max = 50) List<@NotBlank @Size(max = 64) String> services,
        @Schema(examples = "[\"department:59\"]")
        @NotEmpty @Size(max = 200) List<@NotBlank @Size(max = 32) String> territories,
        Severity severity,
        Urgency urgency,
        Certainty certainty,
        IncidentMode mode,
        @Schema(description = "Shown to the public; defaults to the authority of the token")
        @Size(max = 200) String authority,
        Instant detectedAt,
        Instant expectedEndAt,
        @Schema(description = "Planned works: when the outage starts. The incident is SCHEDULED (public as upcoming, "
                + "no fallback number live) until then, and becomes ACTIVE by itself; give plannedEndAt with it. "
                + "At most a year ahead.", examples = "2026-12-08T01:00:00Z")
        Instant plannedStartAt,
        @Schema(description = "Planned works: when the outage ends; the incident is RESOLVED by itself then, unless "
                + "someone ended it before. After plannedStartAt, at most 31 days later.",
                examples = "2026-12-08T03:00:00Z")
        Instant plannedEndAt) {

    /** What the logic takes (a static method: an instance one would read as a property to OpenAPI). */
    public static DeclareCommand command(DeclareIncidentRequest r) {
        return new DeclareCommand(
                r.template(), text(r.title()), text(r.description()), text(r.instructions()), r.category(),
                r.services(), r.territories(), r.severity(), r.urgency(), r.certainty(), r.mode(), r.authority(),
                r.detectedAt(), r.expectedEndAt(), r.plannedStartAt(), r.plannedEndAt());
    }
}
