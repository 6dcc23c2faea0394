package fr.tocsin.dissemination.readmodel;

import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.readmodel.persistence.IncidentViewRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the public sees, held in memory so reads never touch the database or Kafka: loaded from the
 * persisted read model at start, then kept current by incident events.
 */
@ApplicationScoped
public class NoticeBoard {

    @Inject
    IncidentViewRepository views;

    @Inject
    fr.tocsin.dissemination.config.PublicConfig config;

    @Inject
    PublicationMetrics metrics;

    /** Ticks with the board version after every change, for Server-Sent Events subscribers. */
    private final io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor<Long> changes =
            io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor.create();
    private final Map<UUID, IncidentSnapshot> incidents = new ConcurrentHashMap<>();
    private final Map<TerritoryRef, LiveNumbersEvent> liveNumbers = new ConcurrentHashMap<>();
    /** The public versions of each incident, which its CAP messages reference. */
    private final Map<UUID, java.util.NavigableMap<Long, IncidentSnapshot>> versions = new ConcurrentHashMap<>();
    private volatile Instant lastChange = Instant.EPOCH;
    /** Grows with every change of what the public sees; rendered outputs are valid for one version. */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();
    /** The territories changed since {@link #drainTouched} last took them: what to re-render first. */
    private final Set<TerritoryRef> touched = ConcurrentHashMap.newKeySet();

    /*
     * When this instance applied each change (its own clock, strictly increasing), for `since`: an event's own
     * timestamps say when it happened elsewhere, not when it became visible here, and arrive late or out of order.
     * Stamping, storing and issuing a cursor happen under one lock, so an answer that issues cursor C already sees
     * every change stamped at or before C, and every later change is stamped after C.
     */
    private final Object stampLock = new Object();
    private final Map<UUID, Instant> incidentChangedAt = new ConcurrentHashMap<>();
    private final Map<TerritoryRef, Instant> numbersChangedAt = new ConcurrentHashMap<>();
    /** The latest stamp given or cursor issued; guarded by stampLock. */
    private Instant lastStamp = Instant.EPOCH;
    private Instant lastPrune = Instant.EPOCH;
    /** Stamped once the read model is loaded: before it this instance knows no changes, only a state. */
    private volatile Instant loadedAt;

    @Transactional
    void load(@Observes StartupEvent start) {
        // Loaded, not published: no latency is recorded for what was already public before this start.
        views.loadAll().forEach(incident -> remember(incident, null));
        remember(views.loadLiveNumbers(), false);
        views.loadAllVersions().forEach(this::rememberVersion);
        synchronized (stampLock) {
            loadedAt = stamp();
        }
    }

    /** True once the persisted read model is in memory: from then on this instance can answer the public. */
    public boolean isLoaded() {
        return loadedAt != null;
    }

    /** The next instant of this instance's own clock, after every earlier one even if the wall clock steps back. */
    private Instant stamp() {
        Instant now = Instant.now();
        lastStamp = now.isAfter(lastStamp) ? now : lastStamp.plusNanos(1);
        return lastStamp;
    }

    /** Forgets stamps older than the retention, once an hour: no `since` answer looks that far back. */
    private void pruneStamps(Instant now) {
        if (now.isBefore(lastPrune.plus(java.time.Duration.ofHours(1)))) {
            return;
        }
        lastPrune = now;
        Instant cutoff = now.minus(config.changesRetention());
        incidentChangedAt.values().removeIf(t -> t.isBefore(cutoff));
        numbersChangedAt.values().removeIf(t -> t.isBefore(cutoff));
    }

    private void rememberVersion(IncidentSnapshot incident) {
        versions.computeIfAbsent(incident.id(), id -> new java.util.concurrent.ConcurrentSkipListMap<>())
                .putIfAbsent(incident.version(), incident);
    }

    /** Persists first, like incidents; an empty set removes the territory's numbers. True when it was news. */
    @Transactional
    public boolean apply(LiveNumbersEvent event) {
        boolean newer = views.upsertIfNewer(event);
        // Memory is this instance's own: another instance may have persisted the version first.
        remember(List.of(event), true);
        return newer;
    }

    /**
     * Several sets at once, in their order (a consumer's batch): persisted in the caller's transaction, then shown
     * together as one change of the board, so outputs are rendered once for the batch rather than once per set.
     */
    @Transactional
    public void applyAll(List<LiveNumbersEvent> events) {
        events.forEach(views::upsertIfNewer);
        remember(events, true);
    }

    private void remember(List<LiveNumbersEvent> events, boolean received) {
        List<LiveNumbersEvent> news = new java.util.ArrayList<>(events.size());
        synchronized (stampLock) {
            for (LiveNumbersEvent event : events) {
                LiveNumbersEvent before = liveNumbers.get(event.territory());
                if (before != null && before.version() >= event.version()) {
                    continue;
                }
                Instant stamp = stamp();
                numbersChangedAt.put(event.territory(), stamp);
                liveNumbers.put(event.territory(), event);
                touched.add(event.territory());
                pruneStamps(stamp);
                news.add(event);
            }
        }
        if (news.isEmpty()) {
            return;
        }
        lastChange = Instant.now();
        changes.onNext(version.incrementAndGet());
        if (received) {
            news.forEach(event -> metrics.liveNumbersVisible(event.occurredAt()));
        }
    }

    /** A tick per change of what the public sees; subscribers re-read what concerns them. */
    public io.smallrye.mutiny.Multi<Long> changes() {
        return changes;
    }

    /** Every territory's live numbers. */
    public List<LiveNumbersEvent> liveNumbers() {
        return liveNumbers.values().stream().filter(set -> !set.numbers().isEmpty()).toList();
    }

    /**
     * Live numbers where the territory is concerned: its own, those of the area containing it, and those of
     * its parts (the communes of a department), grouped by the territory they belong to.
     */
    public List<LiveNumbersEvent> liveNumbersAt(TerritoryRef territory) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        return liveNumbers.values().stream()
                .filter(set -> !set.numbers().isEmpty())
                .filter(set -> directory.related(set.territory(), territory))
                .sorted(Comparator.comparing((LiveNumbersEvent set) -> set.territory().level())
                        .thenComparing(set -> set.territory().code()))
                .toList();
    }

    /**
     * Persists first, so what is served is always what a restart would serve. True when it was news.
     *
     * @param occurredAt the event's time at its producer, for the publication latency (null: not measured)
     */
    @Transactional
    public boolean apply(IncidentSnapshot incident, Instant occurredAt) {
        boolean publicVersion = incident.isReleased();
        if (publicVersion) {
            views.recordVersion(incident);
        }
        boolean newer = views.upsertIfNewer(incident);
        // Memory follows only what is persisted (a failed write throws before this point), but it is this
        // instance's own: another instance may have persisted the version first.
        if (publicVersion) {
            rememberVersion(incident);
        }
        remember(incident, occurredAt);
        return newer;
    }

    private void remember(IncidentSnapshot incident, Instant occurredAt) {
        IncidentSnapshot before;
        synchronized (stampLock) {
            before = incidents.get(incident.id());
            if (before != null && before.version() >= incident.version()) {
                return;
            }
            Instant stamp = stamp();
            incidentChangedAt.put(incident.id(), stamp);
            incidents.put(incident.id(), incident);
            touched.addAll(incident.territories());
            if (before != null) {
                touched.addAll(before.territories()); // a territory taken out of the incident changes too
            }
            pruneStamps(stamp);
        }
        lastChange = Instant.now();
        changes.onNext(version.incrementAndGet());
        // Only what the public sees: a public version, or the change that takes one away (a draft or an exercise
        // becomes visible to nobody, so its delay is no publication latency).
        if (occurredAt != null && (incident.isPublic() || before != null && before.isPublic())) {
            metrics.incidentVisible(occurredAt);
        }
    }

    /** Public incidents in force, newest first. */
    public List<IncidentSnapshot> inForce() {
        return incidents.values().stream()
                .filter(i -> i.isPublic() && i.status().inForce())
                .sorted(Comparator.comparing(IncidentSnapshot::declaredAt).reversed())
                .toList();
    }

    /**
     * Incidents in force that concern the territory: declared on it, on an area containing it
     * (national, its region), or on a part of it (one of its communes).
     */
    public List<IncidentSnapshot> inForceAt(TerritoryRef territory) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        return inForce().stream()
                .filter(i -> i.territories().stream()
                        .anyMatch(t -> directory.related(t, territory)))
                .toList();
    }

    /**
     * Public planned works not begun (SCHEDULED, #22), soonest first: shown apart from what is in force, never as an
     * outage. incident-service puts them in force at their start, by a new version.
     */
    public List<IncidentSnapshot> upcoming() {
        return incidents.values().stream()
                .filter(i -> i.isPublic() && i.status().upcoming())
                .sorted(Comparator.comparing((IncidentSnapshot i) -> i.plannedStartAt() == null ? i.declaredAt() : i.plannedStartAt())
                        .thenComparing(IncidentSnapshot::reference))
                .toList();
    }

    /** Upcoming planned works that concern the territory, as {@link #inForceAt} picks incidents in force. */
    public List<IncidentSnapshot> upcomingAt(TerritoryRef territory) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        return upcoming().stream().filter(i -> concerns(directory, i, territory)).toList();
    }

    public java.util.Optional<IncidentSnapshot> find(UUID id) {
        return java.util.Optional.ofNullable(incidents.get(id)).filter(IncidentSnapshot::isPublic);
    }

    /** The public versions of an incident seen, oldest first: what its CAP messages reference. From memory. */
    public List<IncidentSnapshot> versions(UUID id) {
        java.util.NavigableMap<Long, IncidentSnapshot> seen = versions.get(id);
        return seen == null ? List.of() : List.copyOf(seen.values());
    }

    public long version() {
        return version.get();
    }

    /**
     * The territories whose incidents or live numbers changed since the last call, and forgets them: the render
     * cache re-renders what concerns them first, so the page of the territory that changed is not queued behind
     * every other hot output (it re-renders those too, after).
     */
    public Set<TerritoryRef> drainTouched() {
        Set<TerritoryRef> drained = new java.util.HashSet<>();
        for (java.util.Iterator<TerritoryRef> it = touched.iterator(); it.hasNext(); ) {
            drained.add(it.next());
            it.remove();
        }
        return drained;
    }

    /**
     * Every released incident, in force or not (feeds and CAP keep ended ones too); exercises and tests included,
     * which the CAP index lists marked as such and the feeds leave out.
     */
    public List<IncidentSnapshot> all() {
        return incidents.values().stream()
                .filter(IncidentSnapshot::isReleased)
                .sorted(Comparator.comparing(IncidentSnapshot::updatedAt).reversed())
                .toList();
    }

    public Instant lastChange() {
        return lastChange;
    }

    /**
     * What changed for a territory since a cursor this service issued: the incidents and live-number sets to show,
     * and those to take away. {@code full} when this instance cannot tell changes that far back (before it loaded,
     * or beyond the retention): the answer is then the whole state, to replace what the client holds.
     *
     * @param removed incidents a public version of which concerned the territory and that are no longer in force
     *                there (resolved, cancelled, or moved away), with their current (final) state
     * @param withdrawn territories concerned whose live set became empty
     */
    public record Changes(boolean full, Instant asOf, List<IncidentSnapshot> inForce, List<IncidentSnapshot> removed,
                          List<LiveNumbersEvent> live, List<TerritoryRef> withdrawn) {
    }

    public Changes changesAt(TerritoryRef territory, Instant since) {
        Instant asOf;
        synchronized (stampLock) {
            asOf = stamp();
        }
        // A cursor from another instance may be a little ahead of this one's clock, or this one may be applying the
        // same events a little later: look back by the overlap. Repeating a change is harmless, missing one is not.
        // Clamped: Instant.parse accepts years far enough back that subtracting would overflow (a 500).
        Instant from = since.isBefore(Instant.EPOCH.plus(config.sinceOverlap())) ? Instant.EPOCH
                : since.minus(config.sinceOverlap());
        Instant loaded = loadedAt;
        boolean full = loaded == null || from.isBefore(loaded) || from.isBefore(asOf.minus(config.changesRetention()));
        java.util.function.Predicate<Instant> changed = at -> full || at != null && at.isAfter(from);
        TerritoryDirectory directory = TerritoryDirectory.get();
        List<IncidentSnapshot> inForce = inForceAt(territory).stream()
                .filter(i -> changed.test(incidentChangedAt.get(i.id())))
                .toList();
        List<IncidentSnapshot> removed = full ? List.of() : incidents.values().stream()
                .filter(IncidentSnapshot::isPublic)
                .filter(i -> changed.test(incidentChangedAt.get(i.id())))
                .filter(i -> !(i.status().inForce() && concerns(directory, i, territory)))
                // Planned works not begun were never in force here: nothing for a site to take away.
                .filter(i -> !i.status().upcoming())
                .filter(i -> concerns(directory, i, territory)
                        || versions(i.id()).stream().filter(IncidentSnapshot::isPublic).anyMatch(v -> concerns(directory, v, territory)))
                .sorted(Comparator.comparing(IncidentSnapshot::updatedAt).reversed())
                .toList();
        List<LiveNumbersEvent> live = liveNumbersAt(territory).stream()
                .filter(set -> changed.test(numbersChangedAt.get(set.territory())))
                .toList();
        List<TerritoryRef> withdrawn = full ? List.of() : liveNumbers.values().stream()
                .filter(set -> set.numbers().isEmpty())
                .filter(set -> changed.test(numbersChangedAt.get(set.territory())))
                .filter(set -> directory.related(set.territory(), territory))
                .map(LiveNumbersEvent::territory)
                .sorted(Comparator.comparing(TerritoryRef::level).thenComparing(TerritoryRef::code))
                .toList();
        return new Changes(full, asOf, inForce, removed, live, withdrawn);
    }

    private static boolean concerns(TerritoryDirectory directory, IncidentSnapshot incident, TerritoryRef territory) {
        return incident.territories().stream().anyMatch(t -> directory.related(t, territory));
    }
}
