package fr.tocsin.dissemination.service;

import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.persistence.IncidentViewRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    @Transactional
    void load(@Observes StartupEvent start) {
        views.loadAll().forEach(this::remember);
        views.loadLiveNumbers().forEach(this::remember);
        views.loadAllVersions().forEach(this::rememberVersion);
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
        remember(event);
        return newer;
    }

    private void remember(LiveNumbersEvent event) {
        LiveNumbersEvent before = liveNumbers.get(event.territory());
        if (before != null && before.version() >= event.version()) {
            return;
        }
        liveNumbers.put(event.territory(), event);
        lastChange = Instant.now();
        changes.onNext(version.incrementAndGet());
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
                .filter(set -> directory.covers(set.territory(), territory) || directory.covers(territory, set.territory()))
                .sorted(Comparator.comparing((LiveNumbersEvent set) -> set.territory().level())
                        .thenComparing(set -> set.territory().code()))
                .toList();
    }

    /** Persists first, so what is served is always what a restart would serve. True when it was news. */
    @Transactional
    public boolean apply(IncidentSnapshot incident) {
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
        remember(incident);
        return newer;
    }

    private void remember(IncidentSnapshot incident) {
        IncidentSnapshot before = incidents.get(incident.id());
        if (before != null && before.version() >= incident.version()) {
            return;
        }
        incidents.put(incident.id(), incident);
        lastChange = Instant.now();
        changes.onNext(version.incrementAndGet());
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
                        .anyMatch(t -> directory.covers(t, territory) || directory.covers(territory, t)))
                .toList();
    }

    public java.util.Optional<IncidentSnapshot> find(UUID id) {
        return java.util.Optional.ofNullable(incidents.get(id)).filter(IncidentSnapshot::isPublic);
    }

    /** The public version seen just before this one, if any. */
    public java.util.Optional<IncidentSnapshot> previousVersion(IncidentSnapshot incident) {
        java.util.NavigableMap<Long, IncidentSnapshot> seen = versions.get(incident.id());
        return seen == null ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(seen.lowerEntry(incident.version())).map(Map.Entry::getValue);
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
}
