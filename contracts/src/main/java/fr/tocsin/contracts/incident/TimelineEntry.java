package fr.tocsin.contracts.incident;

import java.time.Instant;

/** One update of an incident as the public sees it; {@code status} is set when the update changed it. */
public record TimelineEntry(Instant at, String author, LocalizedText message, IncidentStatus status) {
}
