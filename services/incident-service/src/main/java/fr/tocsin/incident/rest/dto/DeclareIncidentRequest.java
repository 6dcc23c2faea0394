package fr.tocsin.incident.rest.dto;

import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

@Schema(description = "A new incident. Territories: \"FR\", \"region:32\", \"department:59\" (or \"59\"), \"commune:14118\".")
public record DeclareIncidentRequest(
        @NotNull @Valid LocalizedTextDto title,
        @NotNull @Valid LocalizedTextDto description,
        @Valid LocalizedTextDto instructions,
        @Size(max = 64) String category,
        @Schema(examples = "[\"15\", \"17\", \"18\", \"112\"]")
        @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 64) String> services,
        @Schema(examples = "[\"department:59\"]")
        @NotEmpty @Size(max = 200) List<@NotBlank String> territories,
        Severity severity,
        Urgency urgency,
        Certainty certainty,
        IncidentMode mode,
        @NotBlank @Size(max = 200) String authority,
        Instant detectedAt,
        Instant expectedEndAt) {
}
