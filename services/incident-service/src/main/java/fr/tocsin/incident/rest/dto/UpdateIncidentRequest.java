package fr.tocsin.incident.rest.dto;

import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** An update for the timeline; the fields given replace the current ones, the others stay. */
@Schema(description = "A timeline update. Optional fields replace current values; status may move ACTIVE ⇄ MONITORING.")
public record UpdateIncidentRequest(
        @NotNull @Valid LocalizedTextDto message,
        IncidentStatus status,
        @Valid LocalizedTextDto title,
        @Valid LocalizedTextDto description,
        @Valid LocalizedTextDto instructions,
        @Size(min = 1, max = 50) List<@NotBlank @Size(max = 64) String> services,
        @Size(min = 1, max = 200) List<@NotBlank @Size(max = 32) String> territories,
        Severity severity,
        Urgency urgency,
        Certainty certainty,
        Instant expectedEndAt) {
}
