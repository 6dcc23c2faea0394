package fr.tocsin.localstack.scenario;

import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.ServiceSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/startup.sh profile [service]}: where one service's start goes, as a pod starts it. One stack with
 * production's JVM options and AOT caches; the service is restarted alone three times: plain (the cache written by
 * the training run as it stops), under async-profiler's wall-clock mode (every thread, sleeping or not: what the main
 * thread waits for) and under its CPU mode (what the two cores are busy with). JDK Flight Recorder is not used: it
 * switches off the AOT cache's archived module graph, so the JVM refuses the cache and the profile would show a start
 * that production does not have. Prints, from the main thread's wall-clock samples, the time of each Quarkus startup
 * step with its dominant call path, and the CPU samples by thread kind and by library. Asserts nothing.
 */
final class StartupProfile {

    private static final long WALL_INTERVAL_MS = 2;
    /** Long enough for a start on a loaded machine; the profile stops itself then and writes its file. */
    private static final int PROFILE_SECONDS = 25;

    private StartupProfile() {
    }

    static void run(String serviceName) throws Exception {
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("tocsin-startup-profile");
        Path agent = agentLibrary(work);
        LocalStack.Options options = LocalStack.Options.isolated(root, work.resolve("stack"))
                .withServiceArgs(LocalStack.PRODUCTION_JVM).withAotCache(work.resolve("aot"))
                .withProgress(message -> System.err.println("  • " + message));
        Map<String, Double> ready = new LinkedHashMap<>();
        Path wall = work.resolve("wall.collapsed");
        Path cpu = work.resolve("cpu.collapsed");
        try (LocalStack stack = LocalStack.start(options)) {
            ServiceSpec service = stack.service(serviceName);
            // the first restart stops the training JVM, which writes the cache this start and the next ones use
            ready.put("plain, with the AOT cache", restart(stack, service, List.of()));
            ready.put("wall-clock profile", restart(stack, service, List.of(agentOption(agent, "wall", wall))));
            ready.put("CPU profile", restart(stack, service, List.of(agentOption(agent, "itimer", cpu))));
            awaitFile(wall);
            awaitFile(cpu);
        }
        System.out.printf("Start profile of %s: restarted alone on a running stack, production's JVM options"
                + " (%s) and its AOT cache; async-profiler %s%n", serviceName, String.join(" ", LocalStack.PRODUCTION_JVM),
                "(wall: every thread every " + WALL_INTERVAL_MS + " ms; CPU: itimer, 1 ms)");
        ready.forEach((run, seconds) -> System.out.printf("  JVM launched → ready, %-26s %.2f s%n", run + ":", seconds));
        double start = ready.values().stream().skip(1).findFirst().orElseThrow() * 1000;
        printSteps(Samples.read(wall), start);
        printCpu(Samples.read(cpu));
        System.out.println("Raw profiles (collapsed stacks, for flame graphs): " + work);
    }

    /** Prints the analysis of the raw profiles a previous run left in {@code dir} (wall.collapsed, cpu.collapsed). */
    static void report(Path dir) throws IOException {
        printSteps(Samples.read(dir.resolve("wall.collapsed")), Double.NaN);
        printCpu(Samples.read(dir.resolve("cpu.collapsed")));
    }

    private static double restart(LocalStack stack, ServiceSpec service, List<String> jvm) {
        stack.addJvmOptions(jvm);
        try {
            stack.restartInstance(service, message -> System.err.println("  • " + message));
            return stack.startup(service.name()).toMillis() / 1e3;
        } finally {
            stack.addJvmOptions(List.of());
        }
    }

    private static String agentOption(Path agent, String event, Path file) {
        String interval = event.equals("wall") ? WALL_INTERVAL_MS + "ms" : "1ms";
        return "-agentpath:" + agent + "=start,event=" + event + ",interval=" + interval + ",threads,collapsed,timeout="
                + PROFILE_SECONDS + ",file=" + file;
    }

    /** async-profiler's agent, shipped inside its Maven Central jar (on this launcher's class path). */
    private static Path agentLibrary(Path dir) throws IOException {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
        Path library = dir.resolve("libasyncProfiler.so");
        try (InputStream in = StartupProfile.class.getResourceAsStream("/" + arch + "/libasyncProfiler.so")) {
            if (in == null) {
                throw new IllegalStateException("async-profiler's " + arch + " library is not on the class path");
            }
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        return library;
    }

    private static void awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < PROFILE_SECONDS * 10 + 100 && !Files.isRegularFile(file); i++) {
            Thread.sleep(100);
        }
    }

    private static final Pattern STEP = Pattern.compile("io/quarkus/(?:runner/recorded|deployment/steps)/([^;]+)\\.deploy");

    /** The main thread's time in each of Quarkus' recorded startup steps, and the call path that dominates it. */
    static void printSteps(Samples wall, double startMillis) {
        Samples main = wall.filter(stack -> stack.get(0).startsWith("[main "));
        Map<String, Long> steps = new LinkedHashMap<>();
        Map<String, Map<String, Long>> paths = new LinkedHashMap<>();
        main.stacks().forEach((stack, count) -> {
            String step = stack.stream().map(STEP::matcher).filter(Matcher::find)
                    .map(m -> m.group(1).replaceAll("\\d+$", "")).findFirst().orElse(null);
            if (step != null) {
                steps.merge(step, count, Long::sum);
                paths.computeIfAbsent(step, k -> new LinkedHashMap<>()).merge(path(stack), count, Long::sum);
            }
        });
        long inSteps = steps.values().stream().mapToLong(Long::longValue).sum() * WALL_INTERVAL_MS;
        System.out.printf("Main thread, wall clock: %d ms in Quarkus' startup steps of a %.0f ms start (the rest: the"
                + " JVM's own start, loading the application, reading the configuration)%n", inSteps, startMillis);
        steps.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(step -> {
                    String top = paths.get(step.getKey()).entrySet().stream().max(Map.Entry.comparingByValue())
                            .map(Map.Entry::getKey).orElse("");
                    System.out.printf("  %5d ms  %-52s %s%n", step.getValue() * WALL_INTERVAL_MS, step.getKey(), top);
                });
    }

    private static final Pattern LIBRARY = Pattern.compile(
            "org/hibernate|org/flywaydb|org/apache/kafka|io/agroal|org/postgresql|io/vertx|io/netty|io/smallrye/config"
                    + "|io/smallrye/reactive/messaging|io/quarkus/arc|com/fasterxml/jackson|io/opentelemetry|io/micrometer"
                    + "|org/quartz|fr/tocsin");

    /** CPU samples by thread kind (JIT compilers, GC, the application's threads) and by library within the latter. */
    static void printCpu(Samples cpu) {
        long total = cpu.total();
        Map<String, Long> kinds = new LinkedHashMap<>();
        Map<String, Long> libraries = new LinkedHashMap<>();
        cpu.stacks().forEach((stack, count) -> {
            String thread = stack.get(0);
            String kind = thread.contains("CompilerThre") /* Linux keeps 15 characters */ ? "JIT compilers (C1, C2)"
                    : thread.matches("\\[(VM Thread|GC|Gang|Concurrent|Service Thread).*") ? "GC and VM threads"
                    : stack.stream().anyMatch(f -> f.contains("ClassLoader") || f.contains("SystemDictionary")
                            || f.contains("ClassFileParser")) ? "application threads, loading classes"
                    : "application threads, other";
            kinds.merge(kind, count, Long::sum);
            if (kind.startsWith("application")) {
                String library = stack.stream().filter(f -> !f.startsWith("fr/tocsin/localstack")).map(LIBRARY::matcher).filter(Matcher::find)
                        .map(Matcher::group).reduce((first, last) -> last).orElse("JDK / other");
                libraries.merge(library, count, Long::sum);
            }
        });
        System.out.printf("CPU, all threads: %d ms sampled during the profile%n", total);
        kinds.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
        System.out.println("  application threads, by the deepest library on the stack:");
        libraries.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> System.out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }

    /** The first three frames of libraries or of this project below a step: where its time goes. */
    private static String path(List<String> stack) {
        return stack.stream().filter(f -> LIBRARY.matcher(f).find() && !f.startsWith("fr/tocsin/localstack")
                        && !f.contains("io/quarkus/arc/impl")).limit(3)
                .map(f -> f.substring(f.lastIndexOf('/') + 1)).map(f -> f.length() > 48 ? f.substring(0, 48) : f)
                .reduce((a, b) -> a + " > " + b).orElse("(JDK)");
    }

    /** async-profiler's collapsed output: one line per distinct stack, frames root first, then a count. */
    record Samples(Map<List<String>, Long> stacks) {

        static Samples read(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("no profile written at " + file);
            }
            Map<List<String>, Long> stacks = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                int space = line.lastIndexOf(' ');
                if (space > 0) {
                    stacks.merge(List.of(line.substring(0, space).split(";")),
                            Long.parseLong(line.substring(space + 1)), Long::sum);
                }
            }
            return new Samples(stacks);
        }

        Samples filter(Predicate<List<String>> keep) {
            Map<List<String>, Long> kept = new LinkedHashMap<>();
            stacks.forEach((stack, count) -> {
                if (keep.test(stack)) {
                    kept.put(stack, count);
                }
            });
            return new Samples(kept);
        }

        long total() {
            return stacks.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
