package fr.tocsin.fallback.directory;


import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.incident.ServiceNames;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryLevel;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.fallback.directory.persistence.FallbackNumberEntity;
import fr.tocsin.fallback.directory.persistence.FallbackNumberRepository;
import fr.tocsin.kit.audit.AuditTrail;
import fr.tocsin.contracts.problem.InvalidRequestException;
import fr.tocsin.contracts.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The directory of fallback numbers. A prefecture manages its department's numbers (and its communes'), a
 * mayor its commune's, a ministry all; operators none. Every change recomputes what is live and leaves a
 * chained audit record.
 */
@ApplicationScoped
public class Directory {

    @Inject
    FallbackNumberRepository numbers;

    /** Activation recomputes what is live in the territories a change touches, in the change's transaction. */
    @Inject
    Event<DirectoryChanged> changed;

    @Inject
    AuditTrail audit;

    @Transactional
    public FallbackNumberEntity create(Actor actor, NumberDetails request) {
        FallbackNumberEntity entry = prepare(actor, request);
        if (numbers.findSame(entry.territory, entry.service, entry.e164).isPresent()) {
            throw InvalidRequestException.of("number", "déjà enregistré pour ce territoire et ce service / already "
                    + "registered for this territory and service");
        }
        entry.persist();
        changed.fire(new DirectoryChanged(List.of(entry.territory)));
        audited(actor, "NUMBER_CREATE", null, entry);
        return entry;
    }

    /** A new, unsaved entry from a request: validated and checked against the actor's territory. */
    public FallbackNumberEntity prepare(Actor actor, NumberDetails request) {
        FallbackNumberEntity entry = new FallbackNumberEntity();
        entry.id = UUID.randomUUID();
        entry.state = FallbackNumberEntity.State.STANDBY;
        entry.createdAt = Instant.now();
        apply(actor, entry, request);
        return entry;
    }

    @Transactional
    public FallbackNumberEntity update(Actor actor, UUID id, NumberDetails request) {
        FallbackNumberEntity entry = find(actor, id);
        String previousTerritory = entry.territory;
        FallbackNumberView before = FallbackNumberView.of(entry);
        apply(actor, entry, request);
        changed.fire(new DirectoryChanged(List.of(previousTerritory, entry.territory)));
        audited(actor, "NUMBER_UPDATE", before, entry);
        return entry;
    }

    @Transactional
    public void delete(Actor actor, UUID id) {
        FallbackNumberEntity entry = find(actor, id);
        FallbackNumberView before = FallbackNumberView.of(entry);
        entry.delete();
        changed.fire(new DirectoryChanged(List.of(entry.territory)));
        audited(actor, "NUMBER_DELETE", before, null);
    }

    /** Live by hand, incident or not; {@code false} returns it to standby. */
    @Transactional
    public FallbackNumberEntity publish(Actor actor, UUID id, boolean published) {
        FallbackNumberEntity entry = find(actor, id);
        FallbackNumberView before = FallbackNumberView.of(entry);
        entry.state = published ? FallbackNumberEntity.State.PUBLISHED : FallbackNumberEntity.State.STANDBY;
        entry.updatedAt = Instant.now();
        changed.fire(new DirectoryChanged(List.of(entry.territory)));
        audited(actor, published ? "NUMBER_PUBLISH" : "NUMBER_WITHDRAW", before, entry);
        return entry;
    }

    /**
     * The numbers within the actor's territories. Operators read none: the directory holds unpublished numbers
     * and who keeps them, which is the authorities' business (the export goes through here too).
     */
    @Transactional
    public List<FallbackNumberEntity> list(Actor actor, TerritoryRef territory, String service) {
        requireDirectoryRole(actor);
        TerritoryDirectory directory = TerritoryDirectory.get();
        return numbers.all().stream()
                .filter(e -> actor.covers(TerritoryRef.parse(e.territory)))
                .filter(e -> territory == null || directory.covers(territory, TerritoryRef.parse(e.territory)))
                .filter(e -> service == null || e.service.equals(service))
                .sorted(java.util.Comparator.comparing((FallbackNumberEntity e) -> e.territory)
                        .thenComparing(e -> e.service).thenComparingInt(e -> e.priority))
                .toList();
    }

    @Transactional
    public FallbackNumberEntity find(Actor actor, UUID id) {
        FallbackNumberEntity entry = FallbackNumberEntity.findById(id);
        if (entry == null) {
            throw new NumberNotFoundException(id);
        }
        requireManage(actor, TerritoryRef.parse(entry.territory));
        return entry;
    }

    private void apply(Actor actor, FallbackNumberEntity entry, NumberDetails request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        TerritoryRef territory = null;
        try {
            territory = TerritoryRef.parse(request.territory());
            if (!TerritoryDirectory.get().exists(territory)) {
                errors.add(new Problem.FieldError("territory", "territoire inconnu / unknown territory: " + territory));
            } else if (territory.level() != TerritoryLevel.DEPARTMENT && territory.level() != TerritoryLevel.COMMUNE) {
                errors.add(new Problem.FieldError("territory", "un département ou une commune / a department or a commune"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("territory", e.getMessage()));
        }
        PhoneNumbers.Valid number = null;
        try {
            number = PhoneNumbers.validate(request.number());
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("number", e.getMessage()));
        }
        // The same canonical names as incidents use, or a number would never match the incidents it backs up.
        String service = ServiceNames.normalize(request.service()).orElse(null);
        if (service == null) {
            errors.add(new Problem.FieldError("service", "service inconnu / unknown service \"" + request.service()
                    + "\": a number among " + new java.util.TreeSet<>(ServiceNames.NUMBERS)
                    + " or a lower-case name such as \"mairie\""));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        requireManage(actor, territory);
        entry.territory = territory.toString();
        entry.service = service;
        entry.priority = request.priority() == null ? 1 : request.priority();
        entry.e164 = number.e164();
        entry.label = request.label().strip();
        entry.notes = request.notes() == null || request.notes().isBlank() ? null : request.notes().strip();
        entry.authority = request.authority() == null || request.authority().isBlank() ? actor.authority()
                : request.authority().strip();
        entry.verifiedOn = request.verifiedOn();
        entry.updatedAt = Instant.now();
    }

    /**
     * The audit record of a change to one number: the territories it was and is in, its state before and after
     * (the public view: a directory entry holds no secret).
     */
    public void audited(Actor actor, String action, FallbackNumberView before, FallbackNumberEntity after) {
        FallbackNumberView afterView = after == null ? null : FallbackNumberView.of(after);
        Set<TerritoryRef> territories = new LinkedHashSet<>();
        for (FallbackNumberView view : new FallbackNumberView[] {before, afterView}) {
            if (view != null) {
                territories.add(TerritoryRef.parse(view.territory()));
            }
        }
        UUID id = before != null ? before.id() : afterView.id();
        audit.append(actor, action, id.toString(), territories, before, afterView, Instant.now());
    }

    /** Operators declare outages; only public authorities keep (and read) fallback numbers. */
    public static void requireDirectoryRole(Actor actor) {
        if (actor.role() == Actor.Role.OPERATOR) {
            throw new AccessDeniedException("Les opérateurs ne gèrent ni ne consultent l’annuaire / operators neither manage nor read the directory");
        }
    }

    private static void requireManage(Actor actor, TerritoryRef territory) {
        requireDirectoryRole(actor);
        if (!actor.covers(territory)) {
            throw new AccessDeniedException("Hors de votre compétence / outside your jurisdiction: " + actor.role().claim()
                    + " of " + actor.territories() + " cannot manage " + territory);
        }
    }
}
