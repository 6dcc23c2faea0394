package fr.tocsin.incident.service;

import fr.tocsin.contracts.incident.ServiceNames;
import fr.tocsin.contracts.auth.Actor;

import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.incident.messaging.OutboxWriter;
import fr.tocsin.incident.persistence.IncidentEntity;
import fr.tocsin.incident.persistence.IncidentUpdateEntity;
import fr.tocsin.incident.rest.dto.DeclareIncidentRequest;
import fr.tocsin.incident.rest.dto.LocalizedTextDto;
import fr.tocsin.incident.rest.dto.UpdateIncidentRequest;
import fr.tocsin.contracts.problem.InvalidRequestException;
import fr.tocsin.contracts.problem.Problem;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The incident life cycle. Every change bumps the version, appends to the timeline, writes the audit record
 * and the outbox event, all in one transaction.
 */
@ApplicationScoped
public class IncidentService {

    /** List filters; null means "any". */
    public record Filter(Set<IncidentStatus> statuses, TerritoryRef territory, String service, Instant since,
                         int limit) {
    }

    @Inject
    OutboxWriter outbox;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    @Transactional
    public IncidentSnapshot declare(Actor actor, DeclareIncidentRequest request) {
        Optional<IncidentTemplates.Template> template = IncidentTemplates.find(request.template());
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.template() != null && template.isEmpty()) {
            errors.add(new Problem.FieldError("template", "modèle inconnu / unknown template: " + request.template()
                    + " (see GET /api/v1/templates)"));
        }
        LocalizedText title = text(request.title()).or(() -> template.map(IncidentTemplates.Template::title)).orElse(null);
        LocalizedText description = text(request.description())
                .or(() -> template.map(IncidentTemplates.Template::description)).orElse(null);
        LocalizedText instructions = text(request.instructions())
                .or(() -> template.map(IncidentTemplates.Template::instructions)).orElse(null);
        List<String> rawServices = request.services() != null && !request.services().isEmpty() ? request.services()
                : template.map(IncidentTemplates.Template::services).orElse(List.of());
        if (title == null) {
            errors.add(new Problem.FieldError("title", "obligatoire / required (or give a template)"));
        }
        if (description == null) {
            errors.add(new Problem.FieldError("description", "obligatoire / required (or give a template)"));
        }
        if (rawServices.isEmpty()) {
            errors.add(new Problem.FieldError("services", "au moins un service / at least one service"));
        }
        List<String> services = services(rawServices, "services", errors);
        List<TerritoryRef> territories = territories(request.territories(), "territories", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        AccessPolicy.requireScope(actor, territories);

        Instant now = now();
        Severity severity = Optional.ofNullable(request.severity())
                .or(() -> template.map(IncidentTemplates.Template::severity)).orElse(Severity.SEVERE);
        IncidentEntity incident = new IncidentEntity();
        incident.id = UUID.randomUUID();
        incident.reference = nextReference(now);
        incident.version = 1;
        incident.mode = Optional.ofNullable(request.mode()).orElse(IncidentMode.ACTUAL);
        incident.category = Optional.ofNullable(request.category())
                .or(() -> template.map(IncidentTemplates.Template::category)).orElse(null);
        setTexts(incident, title, description, instructions);
        incident.services = services;
        incident.territories = new ArrayList<>(territories.stream().map(TerritoryRef::toString).toList());
        incident.severity = severity;
        incident.urgency = Optional.ofNullable(request.urgency()).orElse(Urgency.IMMEDIATE);
        incident.certainty = Optional.ofNullable(request.certainty()).orElse(Certainty.OBSERVED);
        incident.authority = Optional.ofNullable(request.authority()).filter(a -> !a.isBlank()).map(String::strip)
                .orElse(actor.authority());
        incident.detectedAt = request.detectedAt();
        incident.declaredAt = now;
        incident.expectedEndAt = request.expectedEndAt();
        incident.updatedAt = now;
        incident.createdBy = actor.subject();
        incident.createdByRole = actor.role().claim();
        // Four-eyes: national or extreme incidents, and anything an operator says, need a second person.
        incident.approvalRequired = actor.role() == Actor.Role.OPERATOR || severity == Severity.EXTREME
                || territories.contains(TerritoryRef.national());
        incident.status = incident.approvalRequired ? IncidentStatus.DRAFT : IncidentStatus.ACTIVE;
        incident.addUpdate(entry(now, actor, incident.approvalRequired
                ? new LocalizedText("Incident déclaré, en attente d’approbation", "Incident declared, awaiting approval")
                : new LocalizedText("Incident déclaré", "Incident declared"), incident.status));
        incident.persist();
        return publish(actor, "DECLARE", IncidentEventType.DECLARED, null, incident, now);
    }

    @Transactional
    public IncidentSnapshot update(Actor actor, UUID id, long expectedVersion, UpdateIncidentRequest request) {
        IncidentEntity incident = lockForChange(id, expectedVersion);
        AccessPolicy.requireManage(actor, incident);
        if (incident.status.terminal()) {
            throw new IllegalTransitionException("Incident clos / incident closed (" + incident.status + "): no more updates");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> services = request.services() == null ? null : services(request.services(), "services", errors);
        List<TerritoryRef> territories = request.territories() == null ? null
                : territories(request.territories(), "territories", errors);
        IncidentStatus newStatus = request.status();
        if (newStatus != null && newStatus != incident.status) {
            boolean allowed = (incident.status == IncidentStatus.ACTIVE && newStatus == IncidentStatus.MONITORING)
                    || (incident.status == IncidentStatus.MONITORING && newStatus == IncidentStatus.ACTIVE);
            if (!allowed) {
                errors.add(new Problem.FieldError("status", "transition " + incident.status + " → " + newStatus
                        + " impossible ici / not possible here (use /approve, /resolve or /cancel)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        if (territories != null) {
            AccessPolicy.requireScope(actor, territories);
        }
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        Instant now = now();
        setTexts(incident, text(request.title()).orElse(before.title()),
                text(request.description()).orElse(before.description()),
                text(request.instructions()).orElse(before.instructions()));
        if (services != null) {
            incident.services = services;
        }
        if (territories != null) {
            incident.territories = new ArrayList<>(territories.stream().map(TerritoryRef::toString).toList());
        }
        if (request.severity() != null) {
            incident.severity = request.severity();
        }
        if (request.urgency() != null) {
            incident.urgency = request.urgency();
        }
        if (request.certainty() != null) {
            incident.certainty = request.certainty();
        }
        if (request.expectedEndAt() != null) {
            incident.expectedEndAt = request.expectedEndAt();
        }
        boolean statusChanged = newStatus != null && newStatus != incident.status;
        if (statusChanged) {
            incident.status = newStatus;
        }
        incident.addUpdate(entry(now, actor, text(request.message()).orElseThrow(), statusChanged ? newStatus : null));
        return bumpAndPublish(actor, "UPDATE", statusChanged ? IncidentEventType.STATUS_CHANGED : IncidentEventType.UPDATED,
                before, incident, now);
    }

    @Transactional
    public IncidentSnapshot approve(Actor actor, UUID id, long expectedVersion) {
        IncidentEntity incident = lockForChange(id, expectedVersion);
        if (incident.status != IncidentStatus.DRAFT) {
            throw new IllegalTransitionException("Seul un brouillon s’approuve / only a draft can be approved (status "
                    + incident.status + ")");
        }
        AccessPolicy.requireApprove(actor, incident);
        if (incident.territories.contains(TerritoryRef.national().toString()) && actor.role() != Actor.Role.MINISTRY) {
            throw new AccessDeniedException("Un incident national s’approuve au ministère / a national incident is "
                    + "approved by a ministry");
        }
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        Instant now = now();
        incident.status = IncidentStatus.ACTIVE;
        incident.approvedBy = actor.subject();
        incident.approvedAt = now;
        incident.addUpdate(entry(now, actor, new LocalizedText("Incident approuvé et publié", "Incident approved and published"),
                IncidentStatus.ACTIVE));
        return bumpAndPublish(actor, "APPROVE", IncidentEventType.STATUS_CHANGED, before, incident, now);
    }

    @Transactional
    public IncidentSnapshot resolve(Actor actor, UUID id, long expectedVersion, LocalizedTextDto message) {
        IncidentEntity incident = lockForChange(id, expectedVersion);
        AccessPolicy.requireManage(actor, incident);
        if (!incident.status.inForce()) {
            throw new IllegalTransitionException("Seul un incident en cours se résout / only an incident in force can be "
                    + "resolved (status " + incident.status + "; cancel a draft instead)");
        }
        return close(actor, incident, IncidentStatus.RESOLVED, "RESOLVE", IncidentEventType.RESOLVED,
                text(message).orElse(new LocalizedText("Service rétabli", "Service restored")));
    }

    @Transactional
    public IncidentSnapshot cancel(Actor actor, UUID id, long expectedVersion, LocalizedTextDto message) {
        IncidentEntity incident = lockForChange(id, expectedVersion);
        AccessPolicy.requireManage(actor, incident);
        if (incident.status.terminal()) {
            throw new IllegalTransitionException("Incident déjà clos / incident already closed (" + incident.status + ")");
        }
        return close(actor, incident, IncidentStatus.CANCELLED, "CANCEL", IncidentEventType.CANCELLED,
                text(message).orElse(new LocalizedText("Déclaration annulée (erreur)", "Declaration cancelled (error)")));
    }

    private IncidentSnapshot close(Actor actor, IncidentEntity incident, IncidentStatus status, String action,
                                   IncidentEventType type, LocalizedText message) {
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        Instant now = now();
        incident.status = status;
        incident.resolvedAt = now;
        incident.addUpdate(entry(now, actor, message, status));
        return bumpAndPublish(actor, action, type, before, incident, now);
    }

    @Transactional
    public Optional<IncidentSnapshot> find(UUID id) {
        return IncidentEntity.<IncidentEntity>findByIdOptional(id).map(IncidentMapper::toSnapshot);
    }

    @Transactional
    public List<IncidentSnapshot> list(Filter filter) {
        StringBuilder query = new StringBuilder("from IncidentEntity i where 1 = 1");
        Parameters parameters = new Parameters();
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            query.append(" and i.status in :statuses");
            parameters.and("statuses", filter.statuses());
        }
        if (filter.since() != null) {
            query.append(" and i.updatedAt >= :since");
            parameters.and("since", filter.since());
        }
        query.append(" order by i.updatedAt desc");
        TerritoryDirectory directory = TerritoryDirectory.get();
        // Territory and service filters run on the loaded page: both need the reference data or array matching,
        // and the candidate set is already narrowed by status and date.
        return IncidentEntity.<IncidentEntity>find(query.toString(), parameters).stream()
                .filter(i -> filter.service() == null || i.services.contains(filter.service()))
                .filter(i -> filter.territory() == null || i.territories.stream().map(TerritoryRef::parse)
                        .anyMatch(t -> directory.covers(t, filter.territory()) || directory.covers(filter.territory(), t)))
                .limit(filter.limit())
                .map(IncidentMapper::toSnapshot)
                .toList();
    }

    /** Locks the row for the change, so concurrent writers serialize and the version check is exact. */
    private IncidentEntity lockForChange(UUID id, long expectedVersion) {
        IncidentEntity incident = em.find(IncidentEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (incident == null) {
            throw new IncidentNotFoundException(id);
        }
        if (incident.version != expectedVersion) {
            throw new StaleVersionException(expectedVersion, incident.version);
        }
        return incident;
    }

    private IncidentSnapshot bumpAndPublish(Actor actor, String action, IncidentEventType type, IncidentSnapshot before,
                                           IncidentEntity incident, Instant now) {
        incident.version++;
        incident.updatedAt = now;
        return publish(actor, action, type, before, incident, now);
    }

    private IncidentSnapshot publish(Actor actor, String action, IncidentEventType type, IncidentSnapshot before,
                                     IncidentEntity incident, Instant now) {
        em.flush();
        IncidentSnapshot after = IncidentMapper.toSnapshot(incident);
        audit.record(actor, action, incident.id, before, after, now);
        outbox.append(IncidentEvent.of(type, after, now));
        return after;
    }

    private static IncidentUpdateEntity entry(Instant at, Actor actor, LocalizedText message, IncidentStatus status) {
        IncidentUpdateEntity update = new IncidentUpdateEntity();
        update.at = at;
        update.author = actor.name() + " (" + actor.authority() + ")";
        update.messageFr = message.fr();
        update.messageEn = message.en();
        update.status = status;
        return update;
    }

    private static void setTexts(IncidentEntity incident, LocalizedText title, LocalizedText description,
                                 LocalizedText instructions) {
        incident.titleFr = title.fr();
        incident.titleEn = title.en();
        incident.descriptionFr = description.fr();
        incident.descriptionEn = description.en();
        incident.instructionsFr = instructions == null ? null : instructions.fr();
        incident.instructionsEn = instructions == null ? null : instructions.en();
    }

    private static List<String> services(List<String> raw, String field, List<Problem.FieldError> errors) {
        LinkedHashSet<String> services = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String value = raw.get(i);
            Optional<String> name = ServiceNames.normalize(value);
            if (name.isPresent()) {
                services.add(name.get());
            } else {
                errors.add(new Problem.FieldError(field + "[" + i + "]", "service inconnu / unknown service \"" + value
                        + "\": a number among " + new java.util.TreeSet<>(ServiceNames.NUMBERS)
                        + " or a service name such as \"mairie\""));
            }
        }
        return new ArrayList<>(services);
    }

    /** Parses and checks every territory against the INSEE reference data; reports all bad ones at once. */
    private static List<TerritoryRef> territories(List<String> raw, String field, List<Problem.FieldError> errors) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        LinkedHashSet<TerritoryRef> canonical = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                TerritoryRef ref = TerritoryRef.parse(raw.get(i));
                if (directory.exists(ref)) {
                    canonical.add(ref);
                } else {
                    errors.add(new Problem.FieldError(field + "[" + i + "]", "territoire inconnu / unknown territory: " + ref));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(field + "[" + i + "]", e.getMessage()));
            }
        }
        return new ArrayList<>(canonical);
    }

    private static Optional<LocalizedText> text(LocalizedTextDto dto) {
        if (dto == null || dto.fr() == null || dto.fr().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new LocalizedText(dto.fr().strip(), dto.en() == null || dto.en().isBlank() ? null : dto.en().strip()));
    }

    private Instant now() {
        // Microseconds: what PostgreSQL stores, so a snapshot read back equals the one published.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String nextReference(Instant now) {
        long n = ((Number) em.createNativeQuery("select nextval('incident_reference_seq')").getSingleResult())
                .longValue();
        return "INC-%d-%06d".formatted(now.atOffset(ZoneOffset.UTC).getYear(), n);
    }
}
