package fr.tocsin.broadcast.networks;

import fr.tocsin.broadcast.config.SocialConfig;
import fr.tocsin.contracts.posts.Network;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this instance may send to each network, before the network has to say 429: how many posts are in flight at
 * once ({@code tocsin.social.limits.<network>.concurrency}), and each network's documented rate limits as sliding
 * windows ("at most N in any W") per credentials (the account or bot the network counts), per target (a Telegram
 * chat) and per API root (a Bluesky PDS counts every request from one address). A post reserves its slot in every window that applies; the time it gets is when it may go. Per instance:
 * with several replicas the networks' own 429s (and their Retry-After) remain the shared guard.
 */
@ApplicationScoped
public class PostingLimits {

    /** "N/duration", the duration as a number and s, m, h or d: {@code 300/5m}. */
    private static final Pattern WINDOW = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*([smhd])\\s*");

    /** At most {@code count} posts in any span of {@code span}. */
    public record Window(int count, Duration span) {

        public Window {
            if (count < 1 || span.isNegative() || span.isZero()) {
                throw new IllegalArgumentException("A rate window needs a count ≥ 1 and a positive span: " + count + "/" + span);
            }
        }

        /** Parses {@code 300/5m}, {@code 30/1s}, {@code 1666/1h}, {@code 11666/1d}. */
        public static Window parse(String text) {
            Matcher m = WINDOW.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("Not a rate window (N/duration, e.g. 300/5m): '" + text + "'");
            }
            long amount = Long.parseLong(m.group(2));
            Duration span = switch (m.group(3)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return new Window(Integer.parseInt(m.group(1)), span);
        }
    }

    /**
     * When a post may go. Granted: its place is taken in every window from now on (in flight), and it may go at
     * {@code at}; the sender says when it {@link #sent} it. Not granted: nothing is taken; try again at {@code at}.
     */
    public record Reservation(boolean granted, Instant at, List<String> keys) {
    }

    @Inject
    SocialConfig config;

    private final Map<Network, Semaphore> inFlight = new EnumMap<>(Network.class);
    private final Map<Network, List<Window>> perCredentials = new EnumMap<>(Network.class);
    private final Map<Network, List<Window>> perTarget = new EnumMap<>(Network.class);
    private final Map<Network, List<Window>> perHost = new EnumMap<>(Network.class);
    /** Per key, when its posts were answered (ascending), kept as long as its longest window, and those in flight. */
    private final Map<String, Posts> posts = new HashMap<>();

    /** How soon to look again when the posts that free a window's place are still in flight. */
    static final Duration IN_FLIGHT_RECHECK = Duration.ofMillis(50);

    PostingLimits() {
    }

    /** For tests: limits without configuration. */
    public PostingLimits(Map<Network, Integer> concurrency, Map<Network, List<Window>> perCredentials,
                         Map<Network, List<Window>> perTarget, Map<Network, List<Window>> perHost) {
        concurrency.forEach((network, permits) -> inFlight.put(network, new Semaphore(permits, true)));
        this.perCredentials.putAll(perCredentials);
        this.perTarget.putAll(perTarget);
        this.perHost.putAll(perHost);
    }

    @jakarta.annotation.PostConstruct
    void configure() {
        for (Network network : Network.values()) {
            Optional<SocialConfig.Limits> limits = Optional.ofNullable(config.limits().get(network.name().toLowerCase(Locale.ROOT)));
            inFlight.put(network, new Semaphore(limits.flatMap(SocialConfig.Limits::concurrency).orElse(config.defaultConcurrency()), true));
            perCredentials.put(network, limits.flatMap(SocialConfig.Limits::perCredentials).orElse(List.of()).stream()
                    .map(Window::parse).toList());
            perTarget.put(network, limits.flatMap(SocialConfig.Limits::perTarget).orElse(List.of()).stream()
                    .map(Window::parse).toList());
            perHost.put(network, limits.flatMap(SocialConfig.Limits::perHost).orElse(List.of()).stream()
                    .map(Window::parse).toList());
        }
    }

    /** Takes one of the network's in-flight slots, waiting at most {@code patience}; false if none came free. */
    public boolean enter(Network network, Duration patience) throws InterruptedException {
        Semaphore permits = inFlight.get(network);
        return permits == null || permits.tryAcquire(patience.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Gives the slot taken by {@link #enter} back. */
    public void leave(Network network) {
        Semaphore permits = inFlight.get(network);
        if (permits != null) {
            permits.release();
        }
    }

    /**
     * Reserves a place for the next post of these credentials to this target on this API root in every window that
     * applies, at the earliest time they all allow, if that is within {@code patience} of {@code now}; otherwise
     * takes nothing and says when to try again. A window counts a post from when it was answered, and a post in
     * flight as if answered now or later: the network sees it at some point in between, so a window is never
     * exceeded as the network counts it, however long a post takes.
     */
    public synchronized Reservation reserve(Network network, String credentials, String target, String host, Instant now,
                                            Duration patience) {
        Map<String, List<Window>> keys = new java.util.LinkedHashMap<>();
        keys.put(network + " credentials " + credentials, perCredentials.getOrDefault(network, List.of()));
        if (target != null) {
            keys.put(network + " target " + target, perTarget.getOrDefault(network, List.of()));
        }
        if (host != null) {
            keys.put(network + " host " + host, perHost.getOrDefault(network, List.of()));
        }
        keys.values().removeIf(List::isEmpty);
        long at = now.toEpochMilli();
        for (Map.Entry<String, List<Window>> key : keys.entrySet()) {
            at = Math.max(at, earliest(key.getKey(), key.getValue(), now.toEpochMilli()));
        }
        if (at - now.toEpochMilli() > patience.toMillis() || at == Long.MAX_VALUE) {
            return new Reservation(false, at == Long.MAX_VALUE ? now.plus(IN_FLIGHT_RECHECK) : Instant.ofEpochMilli(at),
                    List.of());
        }
        for (String key : keys.keySet()) {
            posts.computeIfAbsent(key, k -> new Posts()).inFlight++;
        }
        return new Reservation(true, Instant.ofEpochMilli(at), List.copyOf(keys.keySet()));
    }

    /** The network answered (or the post failed) at {@code answered}: from then on it counts in the windows. */
    public synchronized void sent(Reservation reservation, Instant answered) {
        for (String key : reservation.keys()) {
            Posts of = posts.get(key);
            if (of != null && of.inFlight > 0) {
                of.inFlight--;
                int at = java.util.Collections.binarySearch(of.answered, answered.toEpochMilli());
                of.answered.add(at < 0 ? -at - 1 : at, answered.toEpochMilli());
            }
        }
    }

    /** A key's posts: answered (ascending times), and how many are in flight. */
    private static final class Posts {
        final List<Long> answered = new ArrayList<>();
        int inFlight;
    }

    /** The earliest time the key's windows allow a post; {@link Long#MAX_VALUE} while that depends on posts in flight. */
    private long earliest(String key, List<Window> windows, long now) {
        Posts of = posts.get(key);
        if (of == null) {
            return now;
        }
        long longest = windows.stream().mapToLong(w -> w.span().toMillis()).max().orElse(0);
        while (!of.answered.isEmpty() && of.answered.getFirst() <= now - longest) {
            of.answered.removeFirst();
        }
        if (of.answered.isEmpty() && of.inFlight == 0) {
            posts.remove(key);
            return now;
        }
        long at = now;
        for (Window window : windows) {
            int counted = of.answered.size() + of.inFlight;
            if (counted < window.count()) {
                continue;
            }
            // At most N in any span: the next may go one span after the N-th most recent, posts in flight the most recent.
            int nth = window.count() - of.inFlight;
            if (nth <= 0) {
                return Long.MAX_VALUE;
            }
            at = Math.max(at, of.answered.get(of.answered.size() - nth) + window.span().toMillis());
        }
        return at;
    }
}
