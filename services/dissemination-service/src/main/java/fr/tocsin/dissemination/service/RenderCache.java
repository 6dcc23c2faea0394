package fr.tocsin.dissemination.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rendered public outputs, valid until the notice board changes. There is no TTL: a change invalidates
 * everything at once, so nothing stale is ever served, and each output is rendered once per change however
 * many citizens ask for it. The hottest outputs are rendered as soon as an event arrives.
 */
@ApplicationScoped
public class RenderCache {

    @Inject
    NoticeBoard board;

    private final Map<String, Rendered> cache = new ConcurrentHashMap<>();

    /** The output for {@code key} at the board's current version, rendering it if needed (once, under load). */
    public Rendered get(String key, String contentType, Supplier<String> render) {
        long version = board.version();
        Rendered cached = cache.get(key);
        if (cached != null && cached.boardVersion() == version) {
            return cached;
        }
        return cache.compute(key, (k, current) -> current != null && current.boardVersion() == version ? current
                : Rendered.of(render.get(), contentType, version));
    }

    /** Bounded: the long tail (35,000 communes) must not grow memory without limit. */
    public void evictStale() {
        long version = board.version();
        if (cache.size() > 5_000) {
            cache.values().removeIf(r -> r.boardVersion() != version);
        }
    }
}
