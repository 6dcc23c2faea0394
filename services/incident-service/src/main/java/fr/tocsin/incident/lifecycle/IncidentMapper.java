package fr.tocsin.incident.lifecycle;

import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.TimelineEntry;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.incident.lifecycle.persistence.IncidentEntity;
import fr.tocsin.incident.lifecycle.persistence.TimelineEntryEntity;

/** Entity → snapshot, the one shape that leaves the service (events and API alike). */
public final class IncidentMapper {

    private IncidentMapper() {
    }

    public static IncidentSnapshot toSnapshot(IncidentEntity e) {
        return new IncidentSnapshot(
                e.id, e.reference, e.version, e.status, e.mode, e.category,
                text(e.titleFr, e.titleEn), text(e.descriptionFr, e.descriptionEn),
                text(e.instructionsFr, e.instructionsEn),
                e.services, e.territories.stream().map(TerritoryRef::parse).toList(),
                e.severity, e.urgency, e.certainty, e.authority,
                e.detectedAt, e.declaredAt, e.publishedAt, e.expectedEndAt, e.resolvedAt, e.updatedAt,
                e.timeline.stream().map(IncidentMapper::toEntry).toList(), e.plannedStartAt, e.plannedEndAt);
    }

    private static TimelineEntry toEntry(TimelineEntryEntity u) {
        return new TimelineEntry(u.at, u.author, text(u.messageFr, u.messageEn), u.status);
    }

    private static LocalizedText text(String fr, String en) {
        return fr == null ? null : new LocalizedText(fr, en);
    }
}
