package fr.tocsin.incident.service;

import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.incident.messaging.OutboxWriter;
import fr.tocsin.incident.persistence.IncidentEntity;
import fr.tocsin.incident.persistence.IncidentUpdateEntity;
import fr.tocsin.incident.rest.dto.DeclareIncidentRequest;
import fr.tocsin.incident.rest.dto.LocalizedTextDto;
import fr.tocsin.incident.rest.problem.InvalidRequestException;
import fr.tocsin.incident.rest.problem.Problem;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class IncidentService {

    @Inject
    OutboxWriter outbox;

    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    /** Stores a new active incident and its event in one transaction. */
    @Transactional
    public IncidentSnapshot declare(DeclareIncidentRequest request) {
        List<String> territories = canonicalTerritories(request.territories());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

        IncidentEntity incident = new IncidentEntity();
        incident.id = UUID.randomUUID();
        incident.reference = nextReference(now);
        incident.version = 1;
        incident.status = IncidentStatus.ACTIVE;
        incident.mode = Optional.ofNullable(request.mode()).orElse(IncidentMode.ACTUAL);
        incident.category = request.category();
        incident.titleFr = request.title().fr().strip();
        incident.titleEn = english(request.title());
        incident.descriptionFr = request.description().fr().strip();
        incident.descriptionEn = english(request.description());
        if (request.instructions() != null) {
            incident.instructionsFr = request.instructions().fr().strip();
            incident.instructionsEn = english(request.instructions());
        }
        incident.services = new ArrayList<>(new LinkedHashSet<>(request.services().stream().map(String::strip).toList()));
        incident.territories = territories;
        incident.severity = Optional.ofNullable(request.severity()).orElse(Severity.SEVERE);
        incident.urgency = Optional.ofNullable(request.urgency()).orElse(Urgency.IMMEDIATE);
        incident.certainty = Optional.ofNullable(request.certainty()).orElse(Certainty.OBSERVED);
        incident.authority = request.authority().strip();
        incident.detectedAt = request.detectedAt();
        incident.declaredAt = now;
        incident.expectedEndAt = request.expectedEndAt();
        incident.updatedAt = now;

        IncidentUpdateEntity first = new IncidentUpdateEntity();
        first.at = now;
        first.author = incident.authority;
        first.messageFr = "Incident déclaré";
        first.messageEn = "Incident declared";
        first.status = IncidentStatus.ACTIVE;
        incident.addUpdate(first);
        incident.persist();

        IncidentSnapshot snapshot = IncidentMapper.toSnapshot(incident);
        outbox.append(IncidentEvent.of(IncidentEventType.DECLARED, snapshot, now));
        return snapshot;
    }

    @Transactional
    public Optional<IncidentSnapshot> find(UUID id) {
        return IncidentEntity.<IncidentEntity>findByIdOptional(id).map(IncidentMapper::toSnapshot);
    }

    @Transactional
    public List<IncidentSnapshot> list(IncidentStatus status) {
        List<IncidentEntity> found = status == null
                ? IncidentEntity.listAll(Sort.descending("declaredAt"))
                : IncidentEntity.list("status", Sort.descending("declaredAt"), status);
        return found.stream().map(IncidentMapper::toSnapshot).toList();
    }

    /** Parses and checks every territory against the INSEE reference data; reports all bad ones at once. */
    private static List<String> canonicalTerritories(List<String> raw) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        List<Problem.FieldError> errors = new ArrayList<>();
        LinkedHashSet<String> canonical = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String field = "territories[" + i + "]";
            try {
                TerritoryRef ref = TerritoryRef.parse(raw.get(i).strip());
                if (directory.exists(ref)) {
                    canonical.add(ref.toString());
                } else {
                    errors.add(new Problem.FieldError(field, "territoire inconnu / unknown territory: " + ref));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(field, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new ArrayList<>(canonical);
    }

    private static String english(LocalizedTextDto text) {
        return text.en() == null || text.en().isBlank() ? null : text.en().strip();
    }

    private String nextReference(Instant now) {
        long n = ((Number) em.createNativeQuery("select nextval('incident_reference_seq')").getSingleResult())
                .longValue();
        return "INC-%d-%06d".formatted(now.atOffset(ZoneOffset.UTC).getYear(), n);
    }
}
