package fr.tocsin.incident.lifecycle;

import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.incident.lifecycle.persistence.IncidentEntity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A change to a released incident that needs a second person (four-eyes on changes, as GOV.UK Emergency Alerts
 * does it): the public keeps the last approved version until someone other than its proposer and last editor
 * approves it. Further changes while it waits edit it. Its text is never public unless approved.
 *
 * @param proposedBy   subject of whoever proposed it
 * @param lastEditedBy subject of whoever changed it last (may not approve either)
 * @param proposal     the incident's public fields once approved
 * @param notes        the timeline entries it adds once approved
 */
public record PendingChange(String proposedBy, Instant proposedAt, String lastEditedBy, Proposal proposal,
                            List<Note> notes) {

    public PendingChange {
        notes = List.copyOf(notes);
    }

    public PendingChange editedBy(String subject, Proposal edited, Note note) {
        List<Note> all = new ArrayList<>(notes);
        all.add(note);
        return new PendingChange(proposedBy, proposedAt, subject, edited, all);
    }

    /** One timeline entry, written as the proposer wrote it. */
    public record Note(Instant at, String author, LocalizedText message, IncidentStatus status) {
    }

    /** The incident's public fields, as they stand or as a change would leave them. */
    public record Proposal(LocalizedText title, LocalizedText description, LocalizedText instructions,
                           List<String> services, List<String> territories, Severity severity, Urgency urgency,
                           Certainty certainty, Instant expectedEndAt, IncidentStatus status) {

        public Proposal {
            services = List.copyOf(services);
            territories = List.copyOf(territories);
        }

        public static Proposal of(IncidentEntity e) {
            return new Proposal(text(e.titleFr, e.titleEn), text(e.descriptionFr, e.descriptionEn),
                    text(e.instructionsFr, e.instructionsEn), e.services, e.territories, e.severity, e.urgency,
                    e.certainty, e.expectedEndAt, e.status);
        }

        public void applyTo(IncidentEntity e) {
            e.titleFr = title.fr();
            e.titleEn = title.en();
            e.descriptionFr = description.fr();
            e.descriptionEn = description.en();
            e.instructionsFr = instructions == null ? null : instructions.fr();
            e.instructionsEn = instructions == null ? null : instructions.en();
            e.services = new ArrayList<>(services);
            e.territories = new ArrayList<>(territories);
            e.severity = severity;
            e.urgency = urgency;
            e.certainty = certainty;
            e.expectedEndAt = expectedEndAt;
            e.status = status;
        }

        /** What makes a declaration need a second person, whoever writes it: extreme, or all of France. */
        public boolean weighty() {
            return severity == Severity.EXTREME || territories.contains(TerritoryRef.national().toString());
        }

        public Proposal withStatus(IncidentStatus newStatus) {
            return new Proposal(title, description, instructions, services, territories, severity, urgency, certainty,
                    expectedEndAt, newStatus);
        }

        private static LocalizedText text(String fr, String en) {
            return fr == null ? null : new LocalizedText(fr, en);
        }
    }
}
