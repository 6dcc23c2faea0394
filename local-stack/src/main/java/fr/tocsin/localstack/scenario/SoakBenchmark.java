package fr.tocsin.localstack.scenario;

import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.ServiceSpec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/soak.sh}: mixed load for a while on a throw-away local stack — authorities declaring and updating,
 * citizens reading pages, JSON and feeds, prefecture sites holding Server-Sent Events streams — printing every
 * interval the requests and errors of the interval and each service's heap (Micrometer) and RSS (/proc). A leak
 * shows as heap after GC or RSS climbing interval after interval. Prints figures; asserts nothing.
 */
public final class SoakBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> DEPARTMENTS = List.of("59", "62", "80", "60", "02", "14", "76", "75", "13", "69");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int readers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int intervalSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-soak"))
                .withProgress(message -> System.err.println("  • " + message)))) {
            System.err.println("  • " + stack.loadDemoNumbers());
            JwtKeys keys = JwtKeys.loadOrCreate(stack.keysDirectory());
            String site = stack.service("dissemination-service").url();
            String incidents = stack.service("incident-service").url() + "/api/v1/incidents";
            AtomicBoolean running = new AtomicBoolean(true);
            LongAdder requests = new LongAdder();
            LongAdder errors = new LongAdder();
            ConcurrentHashMap<String, String> ids = new ConcurrentHashMap<>();
            ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();

            // Authorities: a declaration or an update every 200 ms.
            load.submit(() -> {
                Random random = new Random(1);
                int n = 0;
                while (running.get()) {
                    n++;
                    String department = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
                    String token = keys.token("prefet-" + department, "Préfet " + department, "prefecture",
                            List.of("department:" + department), "Préfecture " + department, Duration.ofMinutes(10));
                    try {
                        HttpResponse<String> response;
                        String existing = ids.get(department);
                        if (existing == null || random.nextInt(5) == 0) {
                            response = send(HttpRequest.newBuilder(URI.create(incidents)).header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                                            {"title": {"fr": "Endurance %d : le 15 ne répond plus"}, "description": {"fr": "Soak."},
                                             "services": ["15"], "territories": ["department:%s"]}""".formatted(n, department))).build());
                            Matcher id = ID.matcher(response.body());
                            if (response.statusCode() == 201 && id.find()) {
                                ids.put(department, id.group(1));
                            }
                        } else {
                            HttpResponse<String> current = send(HttpRequest.newBuilder(URI.create(incidents + "/" + existing))
                                    .header("Authorization", "Bearer " + token).build());
                            response = send(HttpRequest.newBuilder(URI.create(incidents + "/" + existing + "/updates"))
                                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                    .header("If-Match", current.headers().firstValue("ETag").orElse("\"0\""))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\": {\"fr\": \"Point " + n + "\"}}")).build());
                        }
                        count(response, requests, errors);
                    } catch (IOException e) {
                        errors.increment();
                    }
                    Thread.sleep(200);
                }
                return null;
            });
            // Citizens and prefecture sites: pages, JSON, feeds, as fast as they come back.
            List<String> paths = List.of("/", "/departements/59", "/departements/62", "/communes/59350", "/api/v1/notices?territory=59",
                    "/feeds/incidents.atom", "/en/departements/80", "/recherche?q=62000");
            for (int r = 0; r < readers; r++) {
                int seed = r;
                load.submit(() -> {
                    Random random = new Random(seed);
                    while (running.get()) {
                        try {
                            count(send(HttpRequest.newBuilder(URI.create(site + paths.get(random.nextInt(paths.size())))).build()),
                                    requests, errors);
                        } catch (IOException e) {
                            errors.increment();
                        }
                    }
                    return null;
                });
            }
            // Prefecture sites holding streams open, reconnecting when one ends.
            for (int s = 0; s < 20; s++) {
                String department = DEPARTMENTS.get(s % DEPARTMENTS.size());
                load.submit(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(site
                                    + "/api/v1/notices/stream?territory=" + department)).build(), HttpResponse.BodyHandlers.ofInputStream());
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
                });
            }

            System.out.printf("Soak: %d min, %d readers, 20 SSE streams, 5 writes/s; every %d s:%n", minutes, readers, intervalSeconds);
            System.out.printf("%6s %9s %7s  %s%n", "t(s)", "requests", "errors",
                    "heap used / heap committed / non-heap used / RSS (MiB) per service");
            long start = System.nanoTime();
            long end = start + Duration.ofMinutes(minutes).toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(intervalSeconds * 1_000L);
                long done = requests.sumThenReset();
                long failed = errors.sumThenReset();
                StringBuilder memory = new StringBuilder();
                for (ServiceSpec service : stack.services()) {
                    String metrics = metrics(service);
                    memory.append(String.format("  %s %d/%d/%d/%d", service.name().replace("-service", ""),
                            sumMiB(metrics, "jvm_memory_used_bytes", "heap"), sumMiB(metrics, "jvm_memory_committed_bytes", "heap"),
                            sumMiB(metrics, "jvm_memory_used_bytes", "nonheap"), rssMiB(stack.pid(service.name()))));
                }
                System.out.printf("%6d %9d %7d %s%n", Duration.ofNanos(System.nanoTime() - start).toSeconds(), done, failed, memory);
            }
            running.set(false);
            load.shutdownNow();
        }
    }

    private static void count(HttpResponse<?> response, LongAdder requests, LongAdder errors) {
        requests.increment();
        if (response.statusCode() >= 500) {
            errors.increment();
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String metrics(ServiceSpec service) {
        try {
            return send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics")).build()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A Micrometer JVM memory gauge summed over its pools, for one area (heap, nonheap). */
    private static long sumMiB(String metrics, String gauge, String area) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^" + gauge + "\\{[^}]*area=\"" + area + "\"[^}]*} ([0-9.E+]+)").matcher(metrics);
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return Math.round(total / (1024 * 1024));
    }

    private static long rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
