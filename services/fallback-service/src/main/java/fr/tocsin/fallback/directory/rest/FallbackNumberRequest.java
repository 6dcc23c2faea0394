package fr.tocsin.fallback.directory.rest;

import fr.tocsin.fallback.directory.NumberDetails;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

@Schema(description = "A fallback number of a territory (department, or commune for municipal services) for a service.")
public record FallbackNumberRequest(
        @Schema(examples = "department:59") @NotBlank @Size(max = 32) String territory,
        @Schema(examples = "15") @NotBlank @Size(max = 64) String service,
        @Min(1) @Max(99) Integer priority,
        @Schema(examples = "03 53 01 00 15") @NotBlank @Size(max = 32) String number,
        @Schema(examples = "SAMU du Nord — numéro de secours") @NotBlank @Size(max = 200) String label,
        @Schema(examples = "24 h/24, joignable par SMS") @Size(max = 1000) String notes,
        @Size(max = 200) String authority,
        LocalDate verifiedOn) {

    /** What the logic takes (a static method: an instance one would read as a property to OpenAPI). */
    public static NumberDetails details(FallbackNumberRequest r) {
        return new NumberDetails(r.territory(), r.service(), r.priority(), r.number(), r.label(), r.notes(), r.authority(), r.verifiedOn());
    }
}
