package fr.tocsin.dissemination.notices.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An incident as published to prefecture sites and aggregators: public fields only. */
public record IncidentNotice(UUID id, String reference, long version, IncidentStatus status, Severity severity,
                             LocalizedText title, LocalizedText description, LocalizedText instructions,
                             List<String> services, List<TerritoryRef> territories, String authority,
                             Instant declaredAt, Instant updatedAt, Instant expectedEndAt,
                             @Schema(description = "Planned works (#22): when they start; absent for an outage")
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant plannedStartAt,
                             @Schema(description = "Planned works: when they end")
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant plannedEndAt) {

    public static IncidentNotice of(IncidentSnapshot i) {
        return new IncidentNotice(i.id(), i.reference(), i.version(), i.status(), i.severity(), i.title(),
                i.description(), i.instructions(), i.services(), i.territories(), i.authority(), i.declaredAt(),
                i.updatedAt(), i.expectedEndAt(), i.plannedStartAt(), i.plannedEndAt());
    }
}
