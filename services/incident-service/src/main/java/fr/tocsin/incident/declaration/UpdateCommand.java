package fr.tocsin.incident.declaration;

import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;

import java.time.Instant;
import java.util.List;

/** A timeline update, from the JSON API or a CAP Update: the fields given replace the current ones, null keeps them. */
public record UpdateCommand(LocalizedText message, IncidentStatus status, LocalizedText title,
                            LocalizedText description, LocalizedText instructions, List<String> services,
                            List<String> territories, Severity severity, Urgency urgency, Certainty certainty,
                            Instant expectedEndAt) {
}
