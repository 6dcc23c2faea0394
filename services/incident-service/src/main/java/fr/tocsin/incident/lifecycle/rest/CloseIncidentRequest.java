package fr.tocsin.incident.lifecycle.rest;

import fr.tocsin.contracts.incident.LocalizedText;
import jakarta.validation.Valid;

/** Resolving or cancelling: an optional public message for the timeline. */
public record CloseIncidentRequest(@Valid LocalizedTextDto message) {

    /** The message of a request that may be absent altogether. */
    public static LocalizedText message(CloseIncidentRequest request) {
        return request == null ? null : LocalizedTextDto.text(request.message());
    }
}
