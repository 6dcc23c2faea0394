package fr.tocsin.incident.rest.dto;

import jakarta.validation.Valid;

/** Resolving or cancelling: an optional public message for the timeline. */
public record CloseIncidentRequest(@Valid LocalizedTextDto message) {
}
