package fr.tocsin.incident.declaration;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.ServiceNames;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.contracts.problem.InvalidRequestException;
import fr.tocsin.contracts.problem.Problem;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.incident.lifecycle.AccessPolicy;
import fr.tocsin.incident.lifecycle.IllegalTransitionException;
import fr.tocsin.incident.lifecycle.IncidentChanges;
import fr.tocsin.incident.lifecycle.IncidentMapper;
import fr.tocsin.incident.lifecycle.IncidentView;
import fr.tocsin.incident.lifecycle.PendingChange;
import fr.tocsin.incident.lifecycle.PlannedWorks;
import fr.tocsin.incident.lifecycle.PendingChange.Proposal;
import fr.tocsin.incident.lifecycle.persistence.IncidentEntity;
import fr.tocsin.incident.lifecycle.persistence.IncidentRepository;
import fr.tocsin.incident.templates.IncidentTemplates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static fr.tocsin.incident.lifecycle.IncidentChanges.author;
import static fr.tocsin.incident.lifecycle.IncidentChanges.entry;
import static fr.tocsin.incident.lifecycle.IncidentChanges.text;

/**
 * Declaring an incident, updating it, ending it (resolve, cancel), and reading incidents. Every change bumps the
 * version, appends to the timeline, writes the audit record and the outbox event, all in one transaction
 * ({@link IncidentChanges}); a change needing a second person waits as a pending change (see approval).
 */
@ApplicationScoped
public class Declarations {

    /** List filters; null means "any". */
    public record Filter(Set<IncidentStatus> statuses, TerritoryRef territory, String service, Instant since,
                         int limit) {
    }

    @Inject
    IncidentChanges changes;

    @Inject
    IncidentRepository incidents;

    @Transactional
    public IncidentView declare(Actor actor, DeclareCommand request) {
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
        Instant now = changes.now();
        PlannedWorks.validate(request.plannedStartAt(), request.plannedEndAt(), now, "plannedStartAt", "plannedEndAt",
                errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        AccessPolicy.requireScope(actor, territories);

        IncidentStatus released = PlannedWorks.statusOnRelease(request.plannedStartAt(), now);
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
        // CAP's Future: responsive action "in the near future", what planned works ask of the public until they start.
        incident.urgency = Optional.ofNullable(request.urgency())
                .orElse(released == IncidentStatus.SCHEDULED ? Urgency.FUTURE : Urgency.IMMEDIATE);
        incident.certainty = Optional.ofNullable(request.certainty()).orElse(Certainty.OBSERVED);
        incident.authority = actor.authority();
        incident.detectedAt = request.detectedAt();
        incident.declaredAt = now;
        incident.expectedEndAt = Optional.ofNullable(request.expectedEndAt()).orElse(request.plannedEndAt());
        incident.plannedStartAt = request.plannedStartAt();
        incident.plannedEndAt = request.plannedEndAt();
        incident.updatedAt = now;
        incident.createdBy = actor.subject();
        incident.createdByRole = actor.role().claim();
        incident.lastEditedBy = actor.subject();
        // Four-eyes: national or extreme incidents, and anything an operator says, need a second person.
        incident.approvalRequired = actor.role() == Actor.Role.OPERATOR || severity == Severity.EXTREME
                || territories.contains(TerritoryRef.national());
        incident.status = incident.approvalRequired ? IncidentStatus.DRAFT : released;
        incident.publishedAt = incident.approvalRequired ? null : now;
        incident.addToTimeline(entry(now, actor, incident.approvalRequired
                ? new LocalizedText("Incident déclaré, en attente d’approbation", "Incident declared, awaiting approval")
                : incident.status == IncidentStatus.SCHEDULED
                ? new LocalizedText("Travaux programmés annoncés", "Planned works announced")
                : new LocalizedText("Incident déclaré", "Incident declared"), incident.status));
        incident.persist();
        return changes.view(changes.publish(actor, "DECLARE", IncidentEventType.DECLARED, null, incident, now), incident);
    }

    /**
     * Changes an incident. A draft is edited in place (still not public). A released incident changes at once,
     * unless the change needs a second person ({@link #needsSecondPerson}): then it waits as a pending change
     * and the public keeps the last approved version. While a change waits, every further change edits it.
     */
    @Transactional
    public IncidentView update(Actor actor, UUID id, long expectedVersion, UpdateCommand request) {
        IncidentEntity incident = changes.lockForChange(id, expectedVersion);
        AccessPolicy.requireManage(actor, incident);
        if (incident.status.terminal()) {
            throw new IllegalTransitionException("Incident clos / incident closed (" + incident.status + "): no more updates");
        }
        PendingChange pending = changes.pending(incident);
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

    @Transactional
    public IncidentView resolve(Actor actor, UUID id, long expectedVersion, LocalizedText message) {
        IncidentEntity incident = changes.lockForChange(id, expectedVersion);
        AccessPolicy.requireManage(actor, incident);
        PendingChange pending = changes.pending(incident);
        Proposal current = pending == null ? Proposal.of(incident) : pending.proposal();
        if (!current.status().inForce()) {
            throw new IllegalTransitionException("Seul un incident en cours se résout / only an incident in force can be "
                    + "resolved (status " + current.status() + "; cancel a draft or planned works not begun instead)");
        }
        return change(actor, incident, pending, current.withStatus(IncidentStatus.RESOLVED),
                text(message).orElse(new LocalizedText("Service rétabli", "Service restored")),
                IncidentStatus.RESOLVED, "RESOLVE", IncidentEventType.RESOLVED);
    }

    @Transactional
    public IncidentView cancel(Actor actor, UUID id, long expectedVersion, LocalizedText message) {
        IncidentEntity incident = changes.lockForChange(id, expectedVersion);
        AccessPolicy.requireManage(actor, incident);
        if (incident.status.terminal()) {
            throw new IllegalTransitionException("Incident déjà clos / incident already closed (" + incident.status + ")");
        }
        PendingChange pending = changes.pending(incident);
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
        Instant now = changes.now();
        IncidentSnapshot before = IncidentMapper.toSnapshot(incident);
        if (incident.status == IncidentStatus.DRAFT) {
            // A draft is edited in place; whoever edits it may not approve it.
            proposal.applyTo(incident);
            incident.lastEditedBy = actor.subject();
            if (proposal.status().terminal()) {
                incident.resolvedAt = now;
            }
            incident.addToTimeline(entry(now, actor, message, noteStatus));
            return changes.view(changes.bumpAndPublish(actor, action, type, before, incident, now), incident);
        }
        if (pending != null || needsSecondPerson(actor, incident, proposal)) {
            PendingChange.Note note = new PendingChange.Note(now, author(actor), message, noteStatus);
            PendingChange next = pending == null
                    ? new PendingChange(actor.subject(), now, actor.subject(), proposal, List.of(note))
                    : pending.editedBy(actor.subject(), proposal, note);
            incident.pendingChange = changes.write(next);
            return changes.recordUnpublished(actor, "PROPOSE_" + action, incident, before, next, now);
        }
        proposal.applyTo(incident);
        if (proposal.status().terminal()) {
            incident.resolvedAt = now;
        }
        incident.addToTimeline(entry(now, actor, message, noteStatus));
        return changes.view(changes.bumpAndPublish(actor, action, type, before, incident, now), incident);
    }

    /** One incident, if the actor may read it (else as if it did not exist). */
    @Transactional
    public Optional<IncidentView> find(Actor actor, UUID id) {
        return incidents.find(id)
                .filter(incident -> AccessPolicy.mayRead(actor, incident, changes.pending(incident)))
                .map(incident -> changes.viewFor(actor, incident));
    }

    /** Reads by the service itself (CAP references, idempotent replays), unscoped. */
    @Transactional
    public Optional<IncidentView> find(UUID id) {
        return incidents.find(id).map(incident -> changes.view(IncidentMapper.toSnapshot(incident), incident));
    }

    @Transactional
    public List<IncidentView> list(Actor actor, Filter filter) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        // Scope, territory and service filters run on the loaded page: they need the reference data or array
        // matching, and the candidate set is already narrowed by status and date.
        return incidents.changedSince(filter.statuses(), filter.since())
                .filter(i -> filter.service() == null || i.services.contains(filter.service()))
                .filter(i -> filter.territory() == null || i.territories.stream().map(TerritoryRef::parse)
                        .anyMatch(t -> directory.related(t, filter.territory())))
                .filter(i -> AccessPolicy.mayRead(actor, i, changes.pending(i)))
                .limit(filter.limit())
                .map(i -> changes.viewFor(actor, i))
                .toList();
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

    private String nextReference(Instant now) {
        long n = incidents.nextReferenceNumber();
        return "INC-%d-%06d".formatted(now.atOffset(ZoneOffset.UTC).getYear(), n);
    }
}
