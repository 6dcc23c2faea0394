package fr.tocsin.incident.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A public text: French first and required, English optional. */
public record LocalizedTextDto(
        @NotBlank(message = "le texte français est obligatoire / French text is required") @Size(max = 4000) String fr,
        @Size(max = 4000) String en) {
}
