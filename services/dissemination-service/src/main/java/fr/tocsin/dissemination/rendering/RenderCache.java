package fr.tocsin.dissemination.rendering;

import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.readmodel.NoticeBoard;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Rendered public outputs, valid until the notice board changes. There is no TTL: a change invalidates
 * everything at once, so nothing stale is ever served, and each output is rendered once per change however
 * many citizens ask for it.
 * <p>
 * Outputs are rendered when an event arrives, not when the next citizen asks: every output requested in the
 * last {@link #HOT} is re-rendered in the background after each change: those of the territories the change
 * concerns at once, most recently requested first; the others (their content cannot show the change, only the
 * board's version and time moved) in one pass {@link #OTHERS_DELAY} later, which a burst of changes shares instead
 * of re-rendering every hot output for each change, competing with the pipeline that makes the next change visible.
 * A request that still finds a stale entry renders it itself, once: nothing stale is ever served.
 */
@ApplicationScoped
public class RenderCache {

    private static final Logger LOG = Logger.getLogger(RenderCache.class);
    /** Outputs asked for within this window are kept current eagerly. */
    static final Duration HOT = Duration.ofMinutes(15);
    /** Bounded: the long tail (35,000 communes × 2 languages, feeds per territory) must not grow without limit. */
    static final int MAX_ENTRIES = 5_000;
    /** How long the outputs a change does not concern wait for their re-rendering, shared by the changes meanwhile. */
    static final Duration OTHERS_DELAY = Duration.ofMillis(250);

    @Inject
    NoticeBoard board;

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private final AtomicBoolean othersPending = new AtomicBoolean();
    private final ScheduledExecutorService renderer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("pre-render").daemon().factory());

    private static final class Entry {
        final String contentType;
        /** The territory the output shows (null: it may show any change, e.g. the national page). */
        final TerritoryRef scope;
        final Supplier<String> render;
        volatile Rendered rendered;
        volatile long lastRequested;
        /** What a caller built once from {@link #rendered} (wire-ready buffers): dropped with the entry. */
        volatile Prepared<?> prepared;

        Entry(String contentType, TerritoryRef scope, Supplier<String> render) {
            this.contentType = contentType;
            this.scope = scope;
            this.render = render;
        }

        boolean concernedBy(Set<TerritoryRef> changed) {
            TerritoryDirectory directory = TerritoryDirectory.get();
            return scope == null || changed.stream().anyMatch(territory -> directory.related(territory, scope));
        }
    }

    /** The board itself for {@link #current}, called on the event loop for each hot request (no proxy lookup). */
    private volatile NoticeBoard boardItself;

    void start(@Observes StartupEvent start) {
        boardItself = io.quarkus.arc.ClientProxy.unwrap(board);
        board.changes().subscribe().with(version -> scheduleRefresh());
    }

    void stop(@Observes ShutdownEvent stop) {
        renderer.shutdownNow();
    }

    /**
     * The output for {@code key} at the board's current version, rendering it if needed (once, under load).
     * {@code render} must read the board itself, not capture what the request saw: it is run again, in the
     * background, after every later change.
     */
    public Rendered get(String key, String contentType, Supplier<String> render) {
        return get(key, null, contentType, render);
    }

    /** As {@link #get(String, String, Supplier)}, for an output that shows only what concerns {@code scope}. */
    public Rendered get(String key, TerritoryRef scope, String contentType, Supplier<String> render) {
        long version = board.version();
        Entry entry = cache.get(key);
        if (entry == null) {
            if (cache.size() >= MAX_ENTRIES) {
                evictLeastRecentlyRequested();
            }
            entry = cache.computeIfAbsent(key, k -> new Entry(contentType, scope, render));
        }
        entry.lastRequested = System.nanoTime();
        Rendered current = entry.rendered;
        if (current != null && current.boardVersion() == version) {
            return current;
        }
        return renderIfStale(entry, version);
    }

    /**
     * The output for {@code key} if it is already rendered at the board's current version, in the form
     * {@code prepare} builds from it (built once per rendering and kept with the entry, so it is evicted with it);
     * null otherwise, and then the caller goes through {@link #get} to render it. Counts as a request, like get.
     * Never renders, so it is safe on an event loop.
     */
    @SuppressWarnings("unchecked")
    public <T> T current(String key, java.util.function.Function<Rendered, T> prepare) {
        Entry entry = cache.get(key);
        if (entry == null) {
            return null;
        }
        Rendered current = entry.rendered;
        NoticeBoard itself = boardItself;
        if (current == null || current.boardVersion() != (itself != null ? itself : board).version()) {
            return null;
        }
        entry.lastRequested = System.nanoTime();
        Prepared<?> prepared = entry.prepared;
        if (prepared == null || prepared.from() != current) {
            // Two threads may both build it after a change: harmless, both forms are equal.
            prepared = new Prepared<>(current, prepare.apply(current));
            entry.prepared = prepared;
        }
        return (T) prepared.value();
    }

    private record Prepared<T>(Rendered from, T value) {
    }

    /** Serialised per entry, so a thousand simultaneous requests after a change cause one rendering. */
    private Rendered renderIfStale(Entry entry, long version) {
        synchronized (entry) {
            Rendered current = entry.rendered;
            if (current == null || current.boardVersion() < version) {
                current = Rendered.of(entry.render.get(), entry.contentType, version);
                entry.rendered = current;
            }
            return current;
        }
    }

    private void scheduleRefresh() {
        if (refreshPending.compareAndSet(false, true)) {
            try {
                renderer.execute(this::refresh);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                refreshPending.set(false);
            }
        }
    }

    /** The pass right after a change: the hot outputs it concerns. Package-private for its ordering test. */
    void refresh() {
        // Cleared first: a change during this pass schedules another one.
        refreshPending.set(false);
        Set<TerritoryRef> changed = board.drainTouched();
        renderHot(entry -> entry.concernedBy(changed));
        if (othersPending.compareAndSet(false, true)) {
            try {
                renderer.schedule(this::refreshOthers, OTHERS_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                othersPending.set(false);
            }
        }
    }

    /** The later pass: every hot output still stale. Package-private for its ordering test. */
    void refreshOthers() {
        othersPending.set(false);
        renderHot(entry -> true);
    }

    /** Renders the hot outputs {@code which} picks, most recently requested first, until the board changes again. */
    private void renderHot(java.util.function.Predicate<Entry> which) {
        long version = board.version();
        long hotSince = System.nanoTime() - HOT.toNanos();
        List<Entry> hot = cache.values().stream()
                .filter(entry -> entry.lastRequested > hotSince)
                .filter(which)
                .sorted(Comparator.comparingLong((Entry entry) -> entry.lastRequested).reversed())
                .toList();
        for (Entry entry : hot) {
            if (board.version() != version) {
                return; // newer data arrived: the next pass renders that instead
            }
            try {
                renderIfStale(entry, version);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Pre-rendering failed; the next request renders it");
            }
        }
    }

    private void evictLeastRecentlyRequested() {
        cache.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> e.getValue().lastRequested))
                .limit(MAX_ENTRIES / 10)
                .map(Map.Entry::getKey)
                .toList()
                .forEach(cache::remove);
    }

    /** How many outputs are held: for tests and diagnostics. */
    public int size() {
        return cache.size();
    }

    /** Drops what is held for {@code key}: the next request renders it again. For tests and diagnostics. */
    public void forget(String key) {
        cache.remove(key);
    }

    /** What is held for {@code key}, without rendering or counting as a request: for tests and diagnostics. */
    public java.util.Optional<Rendered> peek(String key) {
        return java.util.Optional.ofNullable(cache.get(key)).map(entry -> entry.rendered);
    }
}
