package fr.tocsin.incident.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.incident.audit.AuditLog;
import fr.tocsin.incident.lifecycle.persistence.IncidentEntity;
import fr.tocsin.incident.lifecycle.persistence.IncidentRepository;
import fr.tocsin.incident.lifecycle.persistence.TimelineEntryEntity;
import fr.tocsin.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.InstantSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What every change of an incident goes through, whichever feature makes it (declaration, approval, CAP): the
 * row lock and version check, the version bump, the audit record and — once released — the outbox event, all in
 * the caller's transaction.
 */
@ApplicationScoped
public class IncidentChanges {

    @Inject
    OutboxWriter outbox;

    @Inject
    AuditLog audit;

    @Inject
    IncidentRepository incidents;

    @Inject
    ObjectMapper json;

    /** The service's clock (see {@link Clocks}); tests move it to the start and end of planned works. */
    @Inject
    InstantSource clock;

    /** Locks the row for the change, so concurrent writers serialize and the version check is exact. */
    public IncidentEntity lockForChange(UUID id, long expectedVersion) {
        IncidentEntity incident = incidents.lock(id).orElseThrow(() -> new IncidentNotFoundException(id));
        if (incident.version != expectedVersion) {
            throw new StaleVersionException(expectedVersion, incident.version);
        }
        return incident;
    }

    public IncidentSnapshot bumpAndPublish(Actor actor, String action, IncidentEventType type, IncidentSnapshot before,
                                          IncidentEntity incident, Instant now) {
        incident.version++;
        incident.updatedAt = now;
        return publish(actor, action, type, before, incident, now);
    }

    public IncidentSnapshot publish(Actor actor, String action, IncidentEventType type, IncidentSnapshot before,
                                    IncidentEntity incident, Instant now) {
        incidents.flush();
        IncidentSnapshot after = IncidentMapper.toSnapshot(incident);
        audit.record(actor, action, incident.id, before, after, now);
        // The publication rule: nothing of an incident leaves the service before it is released, so a draft's
        // text never reaches another service, and a draft rejected or cancelled leaves no trace outside.
        if (after.isReleased()) {
            outbox.append(Topics.INCIDENTS, IncidentEvent.of(type, after, now));
        }
        return after;
    }

    /**
     * A change that stays inside the service (a change proposed or rejected while the public keeps the approved
     * version): a new version and an audit record of {@code decision}, no event.
     */
    public IncidentView recordUnpublished(Actor actor, String action, IncidentEntity incident, IncidentSnapshot before,
                                          Object decision, Instant now) {
        incident.version++;
        incident.updatedAt = now;
        incidents.flush();
        audit.record(actor, action, incident.id, before, decision, now);
        return view(IncidentMapper.toSnapshot(incident), incident);
    }

    public IncidentView view(IncidentSnapshot snapshot, IncidentEntity incident) {
        return new IncidentView(snapshot, pending(incident));
    }

    /** The incident as this actor may see it: the pending change only for whoever may read it. */
    public IncidentView viewFor(Actor actor, IncidentEntity incident) {
        PendingChange pending = pending(incident);
        return new IncidentView(IncidentMapper.toSnapshot(incident),
                pending != null && AccessPolicy.mayReadPending(actor, incident, pending) ? pending : null);
    }

    public PendingChange pending(IncidentEntity incident) {
        if (incident.pendingChange == null) {
            return null;
        }
        try {
            return json.readValue(incident.pendingChange, PendingChange.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable pending change of incident " + incident.id, e);
        }
    }

    public String write(PendingChange pending) {
        try {
            return json.writeValueAsString(pending);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Instant now() {
        // Microseconds: what PostgreSQL stores, so a snapshot read back equals the one published.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public static TimelineEntryEntity entry(Instant at, Actor actor, LocalizedText message, IncidentStatus status) {
        return entry(at, author(actor), message, status);
    }

    /** A timeline entry as written, by whoever wrote it (a pending change's notes keep their author). */
    public static TimelineEntryEntity entry(Instant at, String author, LocalizedText message, IncidentStatus status) {
        TimelineEntryEntity entry = new TimelineEntryEntity();
        entry.at = at;
        entry.author = author;
        entry.messageFr = message.fr();
        entry.messageEn = message.en();
        entry.status = status;
        return entry;
    }

    public static String author(Actor actor) {
        return actor.name() + " (" + actor.authority() + ")";
    }

    public static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** A text as given, stripped; none when absent or without French. */
    public static Optional<LocalizedText> text(LocalizedText given) {
        if (given == null || given.fr() == null || given.fr().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new LocalizedText(given.fr().strip(),
                given.en() == null || given.en().isBlank() ? null : given.en().strip()));
    }
}
