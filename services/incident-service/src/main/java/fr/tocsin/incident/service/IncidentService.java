package fr.tocsin.incident.service;

import fr.tocsin.contracts.Topics;
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
import fr.tocsin.kit.outbox.OutboxWriter;
import fr.tocsin.incident.persistence.IncidentEntity;
import fr.tocsin.incident.persistence.IncidentUpdateEntity;
import fr.tocsin.incident.rest.dto.DeclareIncidentRequest;
import fr.tocsin.incident.rest.dto.LocalizedTextDto;
import fr.tocsin.incident.rest.dto.UpdateIncidentRequest;
import fr.tocsin.incident.service.PendingChange.Proposal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
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

    @Inject
    ObjectMapper json;

    Clock clock = Clock.systemUTC();

    @Transactional
    public IncidentView declare(Actor actor, DeclareIncidentRequest request) {
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
        if (request.authority() != null && !request.authority().isBlank()
                && !request.authority().strip().equals(actor.authority())) {
            // The public reads the authority as a signature: it is the token's, never the request's.
            errors.add(new Problem.FieldError("authority", "ne peut différer de l’autorité du jeton / must match the "
                    + "token's authority (" + actor.authority() + "); leave it out"));
        }
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
        incident.authority = actor.authority();
        incident.detectedAt = request.detectedAt();
        incident.declaredAt = now;
        incident.expectedEndAt = request.expectedEndAt();
        incident.updatedAt = now;
        incident.createdBy = actor.subject();
        incident.createdByRole = actor.role().claim();
        incident.lastEditedBy = actor.subject();
        // Four-eyes: national or extreme incidents, and anything an operator says, need a second person.
        incident.approvalRequired = actor.role() == Actor.Role.OPERATOR || severity == Severity.EXTREME
                || territories.contains(TerritoryRef.national());
        incident.status = incident.approvalRequired ? IncidentStatus.DRAFT : IncidentStatus.ACTIVE;
        incident.publishedAt = incident.approvalRequired ? null : now;
        incident.addUpdate(entry(now, actor, incident.approvalRequired
                ? new LocalizedText("Incident déclaré, en attente d’approbation", "Incident declared, awaiting approval")
                : new LocalizedText("Incident déclaré", "Incident declared"), incident.status));
        incident.persist();
        return view(publish(actor, "DECLARE", IncidentEventType.DECLARED, null, incident, now), incident);
    }

    /**
     * Changes an incident. A draft is edited in place (still not public). A released incident changes at once,
     * unless the change needs a second person ({@link #needsSecondPerson}): then it waits as a pending change
     * and the public keeps the last approved version. While a change waits, every further change edits it.
     */
    @Transactional
    public IncidentView update(Actor actor, UUID id, long expectedVersion, UpdateIncidentRequest request) {
        IncidentEntity incident = lockForChange(id, expectedVersion);
        AccessPolicy.requireManage(actor, incident);
        if (incident.status.terminal()) {
            throw new IllegalTransitionException("Incident clos / incident closed (" + incident.status + "): no more updates");
        }
        PendingChange pending = pending(incident);
        Proposal current = pending == null ? Proposal.of(incident) : pending.proposal();
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> services = request.services() == null ? null : services(request.services(), "services", errors);
        List<TerritoryRef> territories = request.territories() == null ? null
                : territories(request.territories(), "territories", errors);
        IncidentStatus newStatus = request.status();
        if (newStatus != null && newStatus != current.status()) {
            boolean allowed = (current.status() == IncidentStatus.ACTIVE && newStatus == IncidentStatus.MONITORING)
                    || (current.status() == IncidentStatus.MONITORING && newStatus == IncidentStatus.ACTIVE);
            if (!allowed) {
                errors.add(new Problem.FieldError("status", "transition " + current.status() + " → " + newStatus
                        + " impossible ici / not possible here (use /approve, /resolve or /cancel)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        if (territories != null) {
            AccessPolicy.requireScope(actor, territories);
        }
        Proposal proposal = new Proposal(
                text(request.title()).orElse(current.title()),
                text(request.description()).orElse(current.description()),
                text(request.instructions()).or(() -> Optional.ofNullable(current.instructions())).orElse(null),
                services != null ? services : current.services(),
                territories != null ? territories.stream().map(TerritoryRef::toString).toList() : current.territories(),
                Optional.ofNullable(request.severity()).orElse(current.severity()),
                Optional.ofNullable(request.urgency()).orElse(current.urgency()),
                Optional.ofNullable(request.certainty()).orElse(current.certainty()),
                Optional.ofNullable(request.expectedEndAt()).orElse(current.expectedEndAt()),
                Optional.ofNullable(newStatus).orElse(current.status()));
        boolean statusChanged = proposal.status() != current.status();
        return change(actor, incident, pending, proposal, text(request.message()).orElseThrow(),
                statusChanged ? proposal.status() : null, "UPDATE",
                statusChanged ? IncidentEventType.STATUS_CHANGED : IncidentEventType.UPDATED);
    }

    /** Approves a draft (it is released) or the change waiting on a released incident (it is applied). */
    @Transactional
    public IncidentView approve(Actor actor, UUID id, long expectedVersion) {
        IncidentEntity incident = lockForChange(id, expectedVersion);
        PendingChange pending = pending(incident);
        Instant now = now();
        if (incident.status == IncidentStatus.DRAFT) {
            AccessPolicy.requireApprove(actor, incident, List.of(incident.createdBy, incident.lastEditedBy),
                    incident.territories);
            IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
            incident.status = IncidentStatus.ACTIVE;
            incident.approvedBy = actor.subject();
            incident.approvedAt = now;
            incident.publishedAt = now;
            incident.addUpdate(entry(now, actor, new LocalizedText("Incident approuvé et publié",
                    "Incident approved and published"), IncidentStatus.ACTIVE));
            return view(bumpAndPublish(actor, "APPROVE", IncidentEventType.DECLARED, before, incident, now), incident);
        }
        if (pending == null) {
            throw new IllegalTransitionException("Rien à approuver / nothing to approve: not a draft and no pending "
                    + "change (status " + incident.status + ")");
        }
        AccessPolicy.requireApprove(actor, incident, List.of(pending.proposedBy(), pending.lastEditedBy()),
                union(incident.territories, pending.proposal().territories()));
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        IncidentStatus oldStatus = incident.status;
        Proposal proposal = pending.proposal();
        proposal.applyTo(incident);
        incident.approvalRequired = incident.approvalRequired || proposal.weighty();
        incident.pendingChange = null;
        incident.approvedBy = actor.subject();
        incident.approvedAt = now;
        for (PendingChange.Note note : pending.notes()) {
            IncidentUpdateEntity update = new IncidentUpdateEntity();
            update.at = note.at();
            update.author = note.author();
            update.messageFr = note.message().fr();
            update.messageEn = note.message().en();
            update.status = note.status();
            incident.addUpdate(update);
        }
        if (proposal.status().terminal()) {
            incident.resolvedAt = now;
        }
        IncidentEventType type = switch (proposal.status()) {
            case RESOLVED -> IncidentEventType.RESOLVED;
            case CANCELLED -> IncidentEventType.CANCELLED;
            default -> proposal.status() != oldStatus ? IncidentEventType.STATUS_CHANGED : IncidentEventType.UPDATED;
        };
        return view(bumpAndPublish(actor, "APPROVE_CHANGE", type, before, incident, now), incident);
    }

    /**
     * Rejects a draft (it is cancelled, never released) or the change waiting on a released incident (it is
     * dropped; the public keeps the approved version). Recorded in the audit trail, never public.
     */
    @Transactional
    public IncidentView reject(Actor actor, UUID id, long expectedVersion, LocalizedTextDto message) {
        IncidentEntity incident = lockForChange(id, expectedVersion);
        PendingChange pending = pending(incident);
        Instant now = now();
        LocalizedText reason = text(message).orElse(new LocalizedText("Rejeté", "Rejected"));
        if (incident.status == IncidentStatus.DRAFT) {
            AccessPolicy.requireApprove(actor, incident, List.of(incident.createdBy, incident.lastEditedBy),
                    incident.territories);
            IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
            incident.status = IncidentStatus.CANCELLED;
            incident.resolvedAt = now;
            incident.addUpdate(entry(now, actor, reason, IncidentStatus.CANCELLED));
            return view(bumpAndPublish(actor, "REJECT", IncidentEventType.CANCELLED, before, incident, now), incident);
        }
        if (pending == null) {
            throw new IllegalTransitionException("Rien à rejeter / nothing to reject: not a draft and no pending "
                    + "change (status " + incident.status + ")");
        }
        AccessPolicy.requireApprove(actor, incident, List.of(pending.proposedBy(), pending.lastEditedBy()),
                union(incident.territories, pending.proposal().territories()));
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        incident.pendingChange = null;
        incident.version++;
        incident.updatedAt = now;
        em.flush();
        audit.record(actor, "REJECT_CHANGE", incident.id, before, Map.of("rejected", pending, "reason", reason), now);
        return view(IncidentMapper.toSnapshot(incident), incident);
    }

    @Transactional
    public IncidentView resolve(Actor actor, UUID id, long expectedVersion, LocalizedTextDto message) {
        IncidentEntity incident = lockForChange(id, expectedVersion);
        AccessPolicy.requireManage(actor, incident);
        PendingChange pending = pending(incident);
        Proposal current = pending == null ? Proposal.of(incident) : pending.proposal();
        if (!current.status().inForce()) {
            throw new IllegalTransitionException("Seul un incident en cours se résout / only an incident in force can be "
                    + "resolved (status " + current.status() + "; cancel a draft instead)");
        }
        return change(actor, incident, pending, current.withStatus(IncidentStatus.RESOLVED),
                text(message).orElse(new LocalizedText("Service rétabli", "Service restored")),
                IncidentStatus.RESOLVED, "RESOLVE", IncidentEventType.RESOLVED);
    }

    @Transactional
    public IncidentView cancel(Actor actor, UUID id, long expectedVersion, LocalizedTextDto message) {
        IncidentEntity incident = lockForChange(id, expectedVersion);
        AccessPolicy.requireManage(actor, incident);
        if (incident.status.terminal()) {
            throw new IllegalTransitionException("Incident déjà clos / incident already closed (" + incident.status + ")");
        }
        PendingChange pending = pending(incident);
        Proposal current = pending == null ? Proposal.of(incident) : pending.proposal();
        return change(actor, incident, pending, current.withStatus(IncidentStatus.CANCELLED),
                text(message).orElse(new LocalizedText("Déclaration annulée (erreur)", "Declaration cancelled (error)")),
                IncidentStatus.CANCELLED, "CANCEL", IncidentEventType.CANCELLED);
    }

    /**
     * Four-eyes on changes: a change to a released incident needs a second person when the incident needed one at
     * declaration (an operator's, extreme or national: sticky), when the result would need one, or when an
     * operator makes it.
     */
    static boolean needsSecondPerson(Actor actor, IncidentEntity incident, Proposal proposal) {
        return actor.role() == Actor.Role.OPERATOR || incident.approvalRequired
                || Actor.Role.OPERATOR.claim().equals(incident.createdByRole) || proposal.weighty();
    }

    private IncidentView change(Actor actor, IncidentEntity incident, PendingChange pending, Proposal proposal,
                                LocalizedText message, IncidentStatus noteStatus, String action, IncidentEventType type) {
        Instant now = now();
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        if (incident.status == IncidentStatus.DRAFT) {
            // A draft is edited in place; whoever edits it may not approve it.
            proposal.applyTo(incident);
            incident.lastEditedBy = actor.subject();
            if (proposal.status().terminal()) {
                incident.resolvedAt = now;
            }
            incident.addUpdate(entry(now, actor, message, noteStatus));
            return view(bumpAndPublish(actor, action, type, before, incident, now), incident);
        }
        if (pending != null || needsSecondPerson(actor, incident, proposal)) {
            PendingChange.Note note = new PendingChange.Note(now, author(actor), message, noteStatus);
            PendingChange next = pending == null
                    ? new PendingChange(actor.subject(), now, actor.subject(), proposal, List.of(note))
                    : pending.editedBy(actor.subject(), proposal, note);
            incident.pendingChange = write(next);
            incident.version++;
            incident.updatedAt = now;
            em.flush();
            audit.record(actor, "PROPOSE_" + action, incident.id, before, next, now);
            return view(IncidentMapper.toSnapshot(incident), incident);
        }
        proposal.applyTo(incident);
        if (proposal.status().terminal()) {
            incident.resolvedAt = now;
        }
        incident.addUpdate(entry(now, actor, message, noteStatus));
        return view(bumpAndPublish(actor, action, type, before, incident, now), incident);
    }

    /** One incident, if the actor may read it (else as if it did not exist). */
    @Transactional
    public Optional<IncidentView> find(Actor actor, UUID id) {
        return IncidentEntity.<IncidentEntity>findByIdOptional(id)
                .filter(incident -> AccessPolicy.mayRead(actor, incident, pending(incident)))
                .map(incident -> viewFor(actor, incident));
    }

    /** Reads by the service itself (CAP references, idempotent replays), unscoped. */
    @Transactional
    public Optional<IncidentView> find(UUID id) {
        return IncidentEntity.<IncidentEntity>findByIdOptional(id)
                .map(incident -> view(IncidentMapper.toSnapshot(incident), incident));
    }

    @Transactional
    public List<IncidentView> list(Actor actor, Filter filter) {
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
        // Scope, territory and service filters run on the loaded page: they need the reference data or array
        // matching, and the candidate set is already narrowed by status and date.
        return IncidentEntity.<IncidentEntity>find(query.toString(), parameters).stream()
                .filter(i -> filter.service() == null || i.services.contains(filter.service()))
                .filter(i -> filter.territory() == null || i.territories.stream().map(TerritoryRef::parse)
                        .anyMatch(t -> directory.covers(t, filter.territory()) || directory.covers(filter.territory(), t)))
                .filter(i -> AccessPolicy.mayRead(actor, i, pending(i)))
                .limit(filter.limit())
                .map(i -> viewFor(actor, i))
                .toList();
    }

    private IncidentView viewFor(Actor actor, IncidentEntity incident) {
        PendingChange pending = pending(incident);
        return new IncidentView(IncidentMapper.toSnapshot(incident),
                pending != null && AccessPolicy.mayReadPending(actor, incident, pending) ? pending : null);
    }

    private IncidentView view(IncidentSnapshot snapshot, IncidentEntity incident) {
        return new IncidentView(snapshot, pending(incident));
    }

    private PendingChange pending(IncidentEntity incident) {
        if (incident.pendingChange == null) {
            return null;
        }
        try {
            return json.readValue(incident.pendingChange, PendingChange.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable pending change of incident " + incident.id, e);
        }
    }

    private String write(PendingChange pending) {
        try {
            return json.writeValueAsString(pending);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
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
        // The publication rule: nothing of an incident leaves the service before it is released, so a draft's
        // text never reaches another service, and a draft rejected or cancelled leaves no trace outside.
        if (after.isReleased()) {
            outbox.append(Topics.INCIDENTS, IncidentEvent.of(type, after, now));
        }
        return after;
    }

    private static IncidentUpdateEntity entry(Instant at, Actor actor, LocalizedText message, IncidentStatus status) {
        IncidentUpdateEntity update = new IncidentUpdateEntity();
        update.at = at;
        update.author = author(actor);
        update.messageFr = message.fr();
        update.messageEn = message.en();
        update.status = status;
        return update;
    }

    private static String author(Actor actor) {
        return actor.name() + " (" + actor.authority() + ")";
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
