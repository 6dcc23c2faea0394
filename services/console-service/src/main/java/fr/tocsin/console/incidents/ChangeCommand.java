package fr.tocsin.console.incidents;

import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;

/**
 * A change of an incident: the public message of the timeline and, optionally, new texts or status.
 *
 * @param version  the version the person saw (If-Match): another person's change in between is a conflict
 * @param seenAt   when that version was last changed, to show what changed since
 */
public record ChangeCommand(long version, java.time.Instant seenAt, LocalizedText message, LocalizedText title,
                            LocalizedText description, LocalizedText instructions, IncidentStatus status) {
}
