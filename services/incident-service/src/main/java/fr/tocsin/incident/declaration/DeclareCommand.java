package fr.tocsin.incident.declaration;

import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;

import java.time.Instant;
import java.util.List;

/**
 * A new incident, from the JSON API or a CAP Alert. What a {@code template} provides may be left out; every other
 * null means "the default" (see {@link Declarations#declare}). With {@code plannedStartAt} and {@code plannedEndAt}
 * it announces planned works (#22): SCHEDULED until the start, resolved by itself at the end.
 */
public record DeclareCommand(String template, LocalizedText title, LocalizedText description,
                             LocalizedText instructions, String category, List<String> services,
                             List<String> territories, Severity severity, Urgency urgency, Certainty certainty,
                             IncidentMode mode, String authority, Instant detectedAt, Instant expectedEndAt,
                             Instant plannedStartAt, Instant plannedEndAt) {
}
