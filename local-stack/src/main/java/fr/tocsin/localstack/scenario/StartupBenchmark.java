package fr.tocsin.localstack.scenario;

import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.ServiceSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * {@code bench/startup.sh}: each service's start — from the launch of its JVM to its first {@code /q/health/ready}
 * UP — and its memory after a stretch of the soak's load (the same readers, streams and writes as
 * {@link SoakBenchmark}), for the JVM options production ran before issue #19 (the reference) and those it runs
 * now ({@link LocalStack#PRODUCTION_JVM}), without and with the JDK AOT cache, one stack after the other in the same
 * run. Starts are measured twice: the four services launched together, as {@code ./tocsin start} does, and each
 * alone (restarted on the running stack), which is what a pod does. The heap is committed and touched at start in
 * every variant ({@code -XX:+AlwaysPreTouch}), so a short run shows the resident memory a long one reaches.
 * Prints figures; asserts nothing.
 */
public final class StartupBenchmark {

    /** JVM options of a variant (on top of the local stack's own, the last one wins) and whether it uses the AOT cache. */
    record Variant(String name, String description, List<String> jvm, boolean aot) {
    }

    /** One service's figures in one variant. */
    record Figures(Duration together, Duration alone, SoakBenchmark.Reading end, double heapSlope, double nonHeapSlope,
                   double rssSlope) {
    }

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("pairs")) {
            pairs(args.length > 1 ? Integer.parseInt(args[1]) : 2);
            return;
        }
        if (args.length > 0 && args[0].equals("profile")) {
            StartupProfile.run(args.length > 1 ? args[1] : "incident-service");
            return;
        }
        if (args.length > 1 && args[0].equals("profile-report")) {
            StartupProfile.report(Path.of(args[1]));
            return;
        }
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int readers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        Path aotCache = Files.createTempDirectory("tocsin-aot");
        List<String> now = new ArrayList<>(LocalStack.PRODUCTION_JVM);
        now.add("-XX:+AlwaysPreTouch");
        List<Variant> variants = List.of(
                new Variant("before", "C2, SerialGC, 256 MiB heap (the soak's options before #19)",
                        List.of(LocalStack.PRODUCTION_JIT, "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"), false),
                new Variant("now", "LocalStack.PRODUCTION_JVM: " + String.join(" ", LocalStack.PRODUCTION_JVM)
                        + ", MALLOC_ARENA_MAX=2", now, false),
                new Variant("now+AOT", "the same, with each service's AOT cache (-XX:AOTCache, trained just before)", now, true));

        Map<String, Map<String, Figures>> results = new LinkedHashMap<>();
        Map<String, Duration> stackReady = new LinkedHashMap<>();
        String training = "";
        for (Variant variant : variants) {
            if (variant.aot()) {
                training = train(root, aotCache, variant);
            }
            System.err.println("▶ " + variant.name() + ": " + variant.description());
            LocalStack.Options options = LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-startup"))
                    .withServiceArgs(variant.jvm()).withProgress(message -> System.err.println("  • " + message));
            if (variant.aot()) {
                options = options.withAotCache(aotCache);
            }
            long started = System.nanoTime();
            try (LocalStack stack = LocalStack.start(options)) {
                System.err.println("  • " + stack.loadDemoNumbers());
                stackReady.put(variant.name(), Duration.ofNanos(System.nanoTime() - started));
                Map<String, Duration> together = new LinkedHashMap<>();
                stack.services().forEach(s -> together.put(s.name(), stack.startup(s.name())));
                Map<String, List<long[]>> series = load(stack, minutes, readers);
                Map<String, Figures> figures = new LinkedHashMap<>();
                for (ServiceSpec service : stack.services()) {
                    SoakBenchmark.Reading end = SoakBenchmark.read(service, stack.pid(service.name()), false);
                    List<long[]> points = series.get(service.name());
                    List<long[]> half = points.subList(points.size() / 2, points.size());
                    figures.put(service.name(), new Figures(together.get(service.name()), null, end,
                            SoakBenchmark.slopePerMinute(half, 1), SoakBenchmark.slopePerMinute(half, 2),
                            SoakBenchmark.slopePerMinute(half, 3)));
                }
                // Each alone, on the running stack: stopped (SIGTERM), launched again, timed to ready.
                for (ServiceSpec service : stack.services()) {
                    stack.restartInstance(service, message -> System.err.println("  • " + message));
                    Figures f = figures.get(service.name());
                    figures.put(service.name(), new Figures(f.together(), stack.startup(service.name()), f.end(),
                            f.heapSlope(), f.nonHeapSlope(), f.rssSlope()));
                }
                results.put(variant.name(), figures);
            }
        }
        print(variants, results, stackReady, minutes, readers, training);
        deleteCaches(aotCache);
    }

    /** The AOT caches of a run, about 120 MiB each, and their directory. */
    private static void deleteCaches(Path aotCache) throws IOException {
        try (Stream<Path> caches = Files.list(aotCache)) {
            for (Path cache : caches.toList()) {
                Files.delete(cache);
            }
        }
        Files.delete(aotCache);
    }

    /**
     * {@code pairs N}: the AOT cache's gain on one start, paired so that the machine's load weighs on both sides alike.
     * One stack with production's options trains the caches as it starts; then, N rounds, each service is restarted
     * alone with its cache and right after without it (the first restart writes the cache as the training JVM stops).
     */
    private static void pairs(int rounds) throws Exception {
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        Path aotCache = Files.createTempDirectory("tocsin-aot");
        LocalStack.Options options = LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-startup"))
                .withServiceArgs(LocalStack.PRODUCTION_JVM).withAotCache(aotCache)
                .withProgress(message -> System.err.println("  • " + message));
        Map<String, List<long[]>> starts = new LinkedHashMap<>();
        try (LocalStack stack = LocalStack.start(options)) {
            for (int round = 0; round < rounds; round++) {
                for (ServiceSpec service : stack.services()) {
                    long[] pair = new long[2];
                    for (int without = 0; without < 2; without++) {
                        stack.useAotCache(without == 0);
                        stack.restartInstance(service, message -> System.err.println("  • " + message));
                        pair[without] = stack.startup(service.name()).toMillis();
                    }
                    starts.computeIfAbsent(service.name(), k -> new ArrayList<>()).add(pair);
                    System.err.printf("  • %s alone: %.1f s with the AOT cache, %.1f s without%n", service.name(),
                            pair[0] / 1e3, pair[1] / 1e3);
                }
            }
        }
        System.out.printf("AOT cache, paired starts: each service restarted alone on a running stack (production's JVM"
                + " options), with its cache then right after without it, %d rounds%n", rounds);
        System.out.println("JVM launched → /q/health/ready UP (s): with | without | ratio");
        starts.forEach((service, pairs) -> System.out.printf("  %-22s %s%n", service, String.join("   ", pairs.stream()
                .map(p -> String.format("%.1f | %.1f | %.2f", p[0] / 1e3, p[1] / 1e3, (double) p[0] / p[1])).toList())));
        deleteCaches(aotCache);
    }

    /**
     * The training run of the AOT cache, as the first {@code ./tocsin start} after a build does it: the stack started
     * with the cache directory (each service records), the demo numbers loaded, the stack stopped (each JVM writes
     * its cache as it exits).
     */
    private static String train(Path root, Path aotCache, Variant variant) throws IOException {
        System.err.println("▶ training the AOT caches in " + aotCache);
        LocalStack.Options options = LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-training"))
                .withServiceArgs(variant.jvm()).withAotCache(aotCache)
                .withProgress(message -> System.err.println("  • " + message));
        long started = System.nanoTime();
        Duration ready;
        try (LocalStack stack = LocalStack.start(options)) {
            System.err.println("  • " + stack.loadDemoNumbers());
            ready = Duration.ofNanos(System.nanoTime() - started);
        }
        Duration total = Duration.ofNanos(System.nanoTime() - started);
        List<String> sizes = new ArrayList<>();
        try (Stream<Path> caches = Files.list(aotCache)) {
            for (Path cache : caches.sorted().toList()) {
                sizes.add("%s %d MiB".formatted(cache.getFileName(), Files.size(cache) >> 20));
            }
        }
        return String.format("training run (stack started recording, demo numbers loaded, stopped): ready %.1f s, "
                + "caches written %.1f s later; %s", ready.toMillis() / 1e3, (total.toMillis() - ready.toMillis()) / 1e3,
                sizes.isEmpty() ? "NO CACHE WRITTEN" : String.join(", ", sizes));
    }

    /** The soak's load for a while; per service, readings every minute: {seconds, heap used, non-heap, RSS}. */
    private static Map<String, List<long[]>> load(LocalStack stack, int minutes, int readers) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder requests = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder writes = new LongAdder();
        ExecutorService load = SoakBenchmark.startLoad(stack, readers, running, requests, errors, writes);
        Map<String, List<long[]>> series = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (int minute = 1; minute <= minutes; minute++) {
            Thread.sleep(60_000);
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            StringBuilder line = new StringBuilder();
            for (ServiceSpec service : stack.services()) {
                SoakBenchmark.Reading r = SoakBenchmark.read(service, stack.pid(service.name()), false);
                series.computeIfAbsent(service.name(), k -> new ArrayList<>())
                        .add(new long[] {seconds, r.heapUsed(), r.nonHeap(), r.rss()});
                line.append(String.format("  %s %d/%d/%d/%d", service.name().replace("-service", ""), r.heapUsed(),
                        r.heapCommitted(), r.nonHeap(), r.rss()));
            }
            System.err.printf("  • %4d s  %7d requests %4d writes %3d errors%s%n", seconds, requests.sumThenReset(),
                    writes.sumThenReset(), errors.sumThenReset(), line);
        }
        running.set(false);
        load.shutdownNow();
        load.awaitTermination(5, TimeUnit.SECONDS);
        return series;
    }

    private static void print(List<Variant> variants, Map<String, Map<String, Figures>> results,
                              Map<String, Duration> stackReady, int minutes, int readers, String training) {
        List<String> services = new ArrayList<>(results.values().iterator().next().keySet());
        System.out.printf("Memory and start, variants one after the other in one run; %d min of the soak's load per "
                + "variant (%d readers, %d SSE streams, 5 writes/s)%n", minutes, readers, SoakBenchmark.STREAMS);
        variants.forEach(v -> System.out.printf("  %-8s %s%n", v.name(), v.description()));
        System.out.println("  " + training);
        System.out.println();
        System.out.println("JVM launched → /q/health/ready UP (s): the four launched together (as ./tocsin start) | each alone (restarted on the running stack)");
        StringBuilder header = new StringBuilder(String.format("  %-8s %11s", "variant", "stack ready"));
        services.forEach(s -> header.append(String.format("  %21s", s.replace("-service", ""))));
        System.out.println(header);
        for (Variant v : variants) {
            StringBuilder line = new StringBuilder(String.format("  %-8s %10.1fs", v.name(),
                    stackReady.get(v.name()).toMillis() / 1e3));
            for (String s : services) {
                Figures f = results.get(v.name()).get(s);
                line.append(String.format("  %9s | %9s", seconds(f.together()), seconds(f.alone())));
            }
            System.out.println(line);
        }
        System.out.println("  (stack ready: embedded PostgreSQL and Kafka, the four services, the demo numbers loaded: what"
                + " ./tocsin start prints as \"Ready in\", after the build)");
        System.out.println();
        System.out.printf("After %d min of load: RSS (MiB), heap used/committed, non-heap (MiB); slope over the second"
                + " half (MiB/min) of heap used, non-heap, RSS%n", minutes);
        for (Variant v : variants) {
            for (String s : services) {
                Figures f = results.get(v.name()).get(s);
                SoakBenchmark.Reading r = f.end();
                System.out.printf("  %-8s %-22s RSS %4d   heap %3d/%3d  non-heap %3d   slopes %+.2f %+.2f %+.2f%n",
                        v.name(), s, r.rss(), r.heapUsed(), r.heapCommitted(), r.nonHeap(), f.heapSlope(),
                        f.nonHeapSlope(), f.rssSlope());
            }
        }
        System.out.println();
        String reference = variants.getFirst().name();
        System.out.println("Ratios to " + reference + " (same run): RSS after the load | start alone | start together");
        for (Variant v : variants.subList(1, variants.size())) {
            StringBuilder line = new StringBuilder(String.format("  %-8s", v.name()));
            for (String s : services) {
                Figures f = results.get(v.name()).get(s);
                Figures ref = results.get(reference).get(s);
                line.append(String.format("  %s %.2f|%s|%s", s.replace("-service", ""),
                        (double) f.end().rss() / ref.end().rss(), ratio(f.alone(), ref.alone()),
                        ratio(f.together(), ref.together())));
            }
            line.append(String.format("  stack ready %s", ratio(stackReady.get(v.name()), stackReady.get(reference))));
            System.out.println(line);
        }
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : String.format("%.1f", d.toMillis() / 1e3);
    }

    private static String ratio(Duration d, Duration reference) {
        return d == null || reference == null ? "-" : String.format("%.2f", (double) d.toMillis() / reference.toMillis());
    }
}
