package fr.tocsin.incident.declaration.rest;

import fr.tocsin.incident.lifecycle.rest.LocalizedTextDto;

import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.incident.declaration.UpdateCommand;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

import static fr.tocsin.incident.lifecycle.rest.LocalizedTextDto.text;

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

    /** What the logic takes (a static method: an instance one would read as a property to OpenAPI). */
    public static UpdateCommand command(UpdateIncidentRequest r) {
        return new UpdateCommand(
                text(r.message()), r.status(), text(r.title()), text(r.description()), text(r.instructions()),
                r.services(), r.territories(), r.severity(), r.urgency(), r.certainty(), r.expectedEndAt());
    }
}
