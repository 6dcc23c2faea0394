package fr.tocsin.localstack.scenario;

import fr.tocsin.localstack.Jdk;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.ServiceSpec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code bench/soak.sh}: mixed load for a while on a throw-away local stack — authorities declaring, updating and
 * resolving, citizens reading pages, JSON and feeds, prefecture sites holding Server-Sent Events streams — printing
 * every interval the requests and errors of the interval and each service's heap, non-heap, native memory as the
 * JVM accounts it (Native Memory Tracking) and resident memory (RSS, and its anonymous part).
 * <p>
 * The data is kept steady — one incident in force per department, replaced (resolved, then a new one declared) now
 * and then — so memory that climbs is a leak, not data growing. The JVM's own accounting tells where: heap, the JVM's
 * native areas (code, threads, GC, direct buffers), or neither (allocator fragmentation outside the JVM's view, read
 * as anonymous RSS minus NMT's committed). The whole heap is committed and touched at start (as production sizes it,
 * and {@code -XX:+AlwaysPreTouch}), so heap pages touched for the first time do not pass for growth. A summary at the end gives each
 * figure's slope over the second half of the run.
 * Prints figures; asserts nothing.
 */
public final class SoakBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> DEPARTMENTS = List.of("59", "62", "80", "60", "02", "14", "76", "75", "13", "69");
    private static final List<String> READ_PATHS = List.of("/", "/departements/59", "/departements/62", "/communes/59350",
            "/api/v1/notices?territory=59", "/feeds/incidents.atom", "/en/departements/80", "/recherche?q=62000",
            "/feeds/cap.atom", "/widget/departements/13", "/departements/14/imprimer");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    static final int STREAMS = 20;

    private SoakBenchmark() {
    }

    /** One interval's reading of one service, in MiB. */
    record Reading(long heapUsed, long heapCommitted, long nonHeap, long direct, long nmtCommitted, long rssAnon, long rss) {
        String format() {
            return "%d/%d/%d/%d/%d/%d/%d".formatted(heapUsed, heapCommitted, nonHeap, direct, nmtCommitted, rssAnon, rss);
        }
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int readers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int intervalSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        LocalStack.Options options = LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-soak"))
                // Production's JVM options and environment (k8s/base/config.yaml), plus Native Memory Tracking.
                .withServiceArgs(Stream.concat(LocalStack.PRODUCTION_JVM.stream(),
                        Stream.of("-XX:NativeMemoryTracking=summary")).toList())
                .withProgress(message -> System.err.println("  • " + message));
        try (LocalStack stack = LocalStack.start(options)) {
            System.err.println("  • " + stack.loadDemoNumbers());
            AtomicBoolean running = new AtomicBoolean(true);
            LongAdder requests = new LongAdder();
            LongAdder errors = new LongAdder();
            LongAdder writes = new LongAdder();
            ExecutorService load = startLoad(stack, readers, running, requests, errors, writes);

            System.out.printf("Soak: %d min, %d readers, %d SSE streams, 5 writes/s on steady data (%d incidents in force, "
                    + "replaced now and then); every %d s:%n", minutes, readers, STREAMS, DEPARTMENTS.size(), intervalSeconds);
            System.out.printf("%6s %9s %6s %7s  %s%n", "t(s)", "requests", "writes", "errors",
                    "heap used/heap committed/non-heap/direct buffers/NMT committed/RSS anonymous/RSS (MiB) per service");
            Map<String, List<long[]>> series = new LinkedHashMap<>();
            long start = System.nanoTime();
            long end = start + Duration.ofMinutes(minutes).toNanos();
            boolean baselined = false;
            while (System.nanoTime() < end) {
                Thread.sleep(intervalSeconds * 1_000L);
                long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
                StringBuilder line = new StringBuilder();
                for (ServiceSpec service : stack.services()) {
                    Reading reading = read(service, stack.pid(service.name()));
                    String name = service.name().replace("-service", "");
                    line.append("  ").append(name).append(' ').append(reading.format());
                    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new long[] {seconds, reading.heapUsed(),
                            reading.nonHeap(), reading.nmtCommitted() - reading.heapCommitted(), reading.rss(),
                            reading.rssAnon() - reading.nmtCommitted()});
                }
                System.out.printf("%6d %9d %6d %7d %s%n", seconds, requests.sumThenReset(), writes.sumThenReset(),
                        errors.sumThenReset(), line);
                // The first interval is warm-up (JIT, pools filling); NMT's diff at the end is against this point.
                if (!baselined && seconds >= Math.min(120, minutes * 30L)) {
                    stack.services().forEach(service -> jcmd(stack.pid(service.name()), "VM.native_memory", "baseline"));
                    baselined = true;
                }
            }
            running.set(false);
            load.shutdownNow();
            load.awaitTermination(5, TimeUnit.SECONDS);
            printSlopes(series);
            ServiceSpec dissemination = stack.service("dissemination-service");
            System.out.println();
            System.out.println("dissemination-service, what the JVM committed since the baseline, by area "
                    + "(jcmd VM.native_memory summary.diff; areas that moved by 1 MiB or more):");
            System.out.println(jcmd(stack.pid(dissemination.name()), "VM.native_memory", "summary.diff").lines()
                    .filter(l -> l.startsWith("Total") || l.strip().startsWith("-") && movedAMiB(l))
                    .map(l -> "  " + l.strip().replaceFirst("^- +", "")).distinct().reduce((a, b) -> a + "\n" + b).orElse("  (not available)"));
        }
    }

    /**
     * The soak's load on a running stack until {@code running} turns false: prefectures writing (one incident in force
     * per department of {@link #DEPARTMENTS}, declared first), {@code readers} readers and {@link #STREAMS} SSE streams.
     */
    static ExecutorService startLoad(LocalStack stack, int readers, AtomicBoolean running, LongAdder requests,
                                     LongAdder errors, LongAdder writes) throws IOException, InterruptedException {
        JwtKeys keys = JwtKeys.loadOrCreate(stack.keysDirectory());
        String site = stack.service("dissemination-service").url();
        String incidents = stack.service("incident-service").url() + "/api/v1/incidents";
        ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
        Authorities authorities = new Authorities(keys, incidents, requests, errors, writes);
        authorities.declareOnePerDepartment();
        load.submit(() -> authorities.run(running));
        for (int r = 0; r < readers; r++) {
            int seed = r;
            load.submit(() -> read(site, new Random(seed), running, requests, errors));
        }
        for (int s = 0; s < STREAMS; s++) {
            String department = DEPARTMENTS.get(s % DEPARTMENTS.size());
            load.submit(() -> holdStream(site + "/api/v1/notices/stream?territory=" + department, running, errors));
        }
        return load;
    }

    /**
     * Prefectures: a write every 200 ms on one department's incident in force — mostly an update; one time in five the
     * incident is resolved and another declared in its place (fallback numbers withdrawn, then activated again).
     */
    private static final class Authorities {
        private final JwtKeys keys;
        private final String incidents;
        private final LongAdder requests;
        private final LongAdder errors;
        private final LongAdder writes;
        private final Map<String, String> inForce = new ConcurrentHashMap<>();
        private final Random random = new Random(1);
        private int n;

        Authorities(JwtKeys keys, String incidents, LongAdder requests, LongAdder errors, LongAdder writes) {
            this.keys = keys;
            this.incidents = incidents;
            this.requests = requests;
            this.errors = errors;
            this.writes = writes;
        }

        void declareOnePerDepartment() throws IOException, InterruptedException {
            for (String department : DEPARTMENTS) {
                declare(department);
            }
        }

        Void run(AtomicBoolean running) throws InterruptedException {
            while (running.get()) {
                String department = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
                try {
                    String id = inForce.get(department);
                    if (id == null) {
                        declare(department);
                    } else if (random.nextInt(5) == 0) {
                        if (post(department, "/" + id + "/resolve", "{\"message\": {\"fr\": \"Service rétabli.\"}}", etag(department, id))) {
                            inForce.remove(department);
                            declare(department);
                        }
                    } else {
                        post(department, "/" + id + "/updates", "{\"message\": {\"fr\": \"Point " + (++n) + "\"}}", etag(department, id));
                    }
                } catch (IOException e) {
                    errors.increment();
                }
                Thread.sleep(200);
            }
            return null;
        }

        private void declare(String department) throws IOException, InterruptedException {
            HttpResponse<String> response = send(authorized(department, "").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"title": {"fr": "Endurance %d : le 15 ne répond plus"}, "description": {"fr": "Soak."},
                             "services": ["15"], "territories": ["department:%s"]}""".formatted(++n, department))).build());
            count(response);
            Matcher id = ID.matcher(response.body());
            if (response.statusCode() == 201 && id.find()) {
                inForce.put(department, id.group(1));
            }
        }

        private String etag(String department, String id) throws IOException, InterruptedException {
            HttpResponse<String> current = send(authorized(department, "/" + id).build());
            count(current);
            return current.headers().firstValue("ETag").orElse("\"0\"");
        }

        private boolean post(String department, String path, String body, String etag) throws IOException, InterruptedException {
            HttpResponse<String> response = send(authorized(department, path).header("Content-Type", "application/json")
                    .header("If-Match", etag).POST(HttpRequest.BodyPublishers.ofString(body)).build());
            count(response);
            return response.statusCode() == 200;
        }

        private HttpRequest.Builder authorized(String department, String path) {
            String token = keys.token("prefet-" + department, "Préfet " + department, "prefecture",
                    List.of("department:" + department), "Préfecture " + department, Duration.ofMinutes(10));
            return HttpRequest.newBuilder(URI.create(incidents + path)).header("Authorization", "Bearer " + token);
        }

        private void count(HttpResponse<?> response) {
            requests.increment();
            if (response.request().method().equals("POST") && response.statusCode() < 300) {
                writes.increment();
            }
            if (response.statusCode() >= 500) {
                errors.increment();
            }
        }
    }

    /** Citizens and prefecture sites: pages, JSON, feeds, as fast as they come back; most accept gzip, as browsers do. */
    private static Void read(String site, Random random, AtomicBoolean running, LongAdder requests, LongAdder errors) {
        while (running.get()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(site + READ_PATHS.get(random.nextInt(READ_PATHS.size()))));
            if (random.nextInt(4) != 0) {
                request.header("Accept-Encoding", "gzip");
            }
            try {
                HttpResponse<Void> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
                requests.increment();
                if (response.statusCode() >= 500) {
                    errors.increment();
                }
            } catch (IOException e) {
                errors.increment();
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    /** A prefecture site holding a stream open, reconnecting when it ends. */
    private static Void holdStream(String url, AtomicBoolean running, LongAdder errors) throws InterruptedException {
        while (running.get()) {
            try {
                HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = stream.body()) {
                    byte[] buffer = new byte[8192];
                    while (running.get() && body.read(buffer) >= 0) {
                        // drain
                    }
                }
            } catch (IOException e) {
                errors.increment();
                Thread.sleep(1_000);
            }
        }
        return null;
    }

    static Reading read(ServiceSpec service, long pid) {
        return read(service, pid, true);
    }

    /** Without {@code nmt}, no jcmd attaches to the service (NMT figures -1). */
    static Reading read(ServiceSpec service, long pid, boolean nmt) {
        String metrics = metrics(service);
        String summary = nmt ? jcmd(pid, "VM.native_memory", "summary") : "";
        Matcher total = NMT_TOTAL.matcher(summary);
        return new Reading(sumMiB(metrics, "jvm_memory_used_bytes", "area=\"heap\""),
                sumMiB(metrics, "jvm_memory_committed_bytes", "area=\"heap\""),
                sumMiB(metrics, "jvm_memory_used_bytes", "area=\"nonheap\""),
                sumMiB(metrics, "jvm_buffer_memory_used_bytes", "id=\"direct\""),
                total.find() ? Long.parseLong(total.group(2)) / 1024 : -1, statusMiB(pid, "RssAnon:"), statusMiB(pid, "VmRSS:"));
    }

    /**
     * Least-squares slope (MiB per minute) of each figure over the second half of the run: near zero is a plateau.
     * "JVM native" is NMT's committed less the heap (code, metaspace, threads, GC, direct buffers, JVM mallocs);
     * "outside NMT" is anonymous RSS minus all NMT accounts for: memory of native libraries (zlib…) and the C
     * allocator's arenas and fragmentation (negative while committed memory is not all touched yet).
     */
    private static void printSlopes(Map<String, List<long[]>> series) {
        String[] names = {"heap used", "non-heap", "JVM native", "RSS", "outside NMT"};
        System.out.println();
        System.out.println("Slope over the second half of the run, MiB per minute (a plateau is ~0):");
        for (Map.Entry<String, List<long[]>> service : series.entrySet()) {
            List<long[]> points = service.getValue();
            List<long[]> half = points.subList(points.size() / 2, points.size());
            StringBuilder line = new StringBuilder(String.format("  %-14s", service.getKey()));
            for (int column = 1; column <= names.length; column++) {
                line.append(String.format("  %s %+.2f", names[column - 1], slopePerMinute(half, column)));
            }
            long[] first = points.getFirst();
            long[] last = points.getLast();
            line.append(String.format("   (RSS %d → %d MiB)", first[4], last[4]));
            System.out.println(line);
        }
    }

    static double slopePerMinute(List<long[]> points, int column) {
        if (points.size() < 2) {
            return Double.NaN;
        }
        double meanT = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double meanY = points.stream().mapToDouble(p -> p[column]).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (long[] p : points) {
            covariance += (p[0] - meanT) * (p[column] - meanY);
            variance += (p[0] - meanT) * (p[0] - meanT);
        }
        return variance == 0 ? Double.NaN : covariance / variance * 60;
    }

    private static final Pattern COMMITTED_DELTA = Pattern.compile("committed=\\d+KB ([+-]\\d+)KB");

    private static boolean movedAMiB(String nmtLine) {
        Matcher delta = COMMITTED_DELTA.matcher(nmtLine);
        return delta.find() && Math.abs(Long.parseLong(delta.group(1))) >= 1024;
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String metrics(ServiceSpec service) {
        try {
            return send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics")).build()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The JDK's jcmd beside the running java, against a service's process; empty when it cannot answer. */
    static String jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(Jdk.javaExecutable()).resolveSibling("jcmd").toString());
        line.add(String.valueOf(pid));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A Micrometer gauge summed over the series carrying {@code label} (memory pools of an area, a buffer pool). */
    static long sumMiB(String metrics, String gauge, String label) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^" + gauge + "\\{[^}]*" + Pattern.quote(label) + "[^}]*} ([0-9.E+]+)").matcher(metrics);
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return Math.round(total / (1024 * 1024));
    }

    /** A figure of /proc/PID/status, in MiB. */
    static long statusMiB(long pid, String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (l.startsWith(field)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
