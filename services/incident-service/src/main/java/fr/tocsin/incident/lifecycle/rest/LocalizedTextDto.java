package fr.tocsin.incident.lifecycle.rest;

import fr.tocsin.contracts.incident.LocalizedText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A public text: French first and required, English optional. */
public record LocalizedTextDto(
        @NotBlank(message = "le texte français est obligatoire / French text is required") @Size(max = 4000) String fr,
        @Size(max = 4000) String en) {

    /** The text as the logic takes it; null stays null (the logic decides what an absent text means). */
    public static LocalizedText text(LocalizedTextDto dto) {
        return dto == null ? null : new LocalizedText(dto.fr(), dto.en());
    }
}
