package fr.tocsin.localstack.scenario;

import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.ServiceFront;
import fr.tocsin.localstack.ServiceSpec;
import fr.tocsin.localstack.StackException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench/rollout.sh}: a rolling restart of every service under steady load drops no request (#17).
 * <p>
 * A throw-away local stack with two instances of each service, each behind a {@link ServiceFront} that routes only to
 * ready instances (a Kubernetes Service). Public readers (department page, notices JSON, live numbers) and a
 * prefecture declaring incidents go through the fronts without pause while every service is restarted one instance at
 * a time ({@link LocalStack#rollingRestart}). Prints requests sent and failed per kind, why they failed, and how long
 * each instance took from SIGTERM to back in rotation; exits 1 if any request failed.
 */
public final class RolloutBenchmark {

    /**
     * Each instance keeps serving this long after SIGTERM, not ready, while the front notices (preStop's role); the
     * launcher's value. The second argument overrides it: {@code 0} shows what the delay prevents.
     */
    static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(3);
    /** Load before the first restart. */
    static final Duration WARM_UP = Duration.ofSeconds(10);
    /** What a client waits for an answer, as ingress-nginx's default proxy_read_timeout. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private RolloutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int readers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        Duration delay = args.length > 1 ? Duration.ofSeconds(Integer.parseInt(args[1])) : SHUTDOWN_DELAY;
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("tocsin-bench-rollout");
        try (LocalStack stack = LocalStack.start(LocalStack.Options.isolated(root, work)
                .withServiceArgs(List.of("-Dquarkus.shutdown.delay=" + delay.toSeconds() + "s"))
                .withProgress(message -> System.err.println("  • " + message)))) {
            System.err.println("  • " + stack.loadDemoNumbers());
            Map<String, ServiceFront> fronts = new LinkedHashMap<>();
            for (ServiceSpec service : stack.services()) {
                stack.startAnotherInstance(service.name());
                ServiceFront front = stack.front(service.name(), 0);
                for (ServiceSpec instance : stack.instances(service.name())) {
                    if (!front.awaitInRotation(instance.url(), Duration.ofSeconds(30))) {
                        throw new StackException(instance.url() + " never came into rotation");
                    }
                }
                fronts.put(service.name(), front);
            }
            Result result = run(stack, fronts, readers, line -> System.err.println("  • " + line));
            System.out.print(result.report(java.time.LocalDate.now(), readers, delay));
            if (result.failed() > 0) {
                System.exit(1);
            }
        }
    }

    /** What a rolling restart under load did. */
    public record Result(Map<String, Load.Counter> requests, Map<String, List<Duration>> restarts,
                         long frontUnavailable, long frontBadGateway) {

        public long sent() {
            return requests.values().stream().mapToLong(c -> c.sent.get()).sum();
        }

        public long failed() {
            return requests.values().stream().mapToLong(c -> c.failed.get()).sum();
        }

        String report(java.time.LocalDate date, int readers, Duration delay) {
            StringBuilder out = new StringBuilder();
            out.append(String.format("Tocsin rolling restart under load — %s, 2 instances per service behind a front that routes to ready"
                    + " instances,%n%d public readers + 1 prefecture declaring (client timeout %d s), %d s of load before the first restart,"
                    + "%nshutdown delay %d s then drain (quarkus.shutdown.timeout 10 s)%n",
                    date, readers, CLIENT_TIMEOUT.toSeconds(), WARM_UP.toSeconds(), delay.toSeconds()));
            out.append(String.format("%nRestarts, one instance at a time (SIGTERM → stopped → started → ready → back in rotation):%n"));
            restarts.forEach((service, took) -> out.append(String.format("  %-24s %s%n", service, took.stream()
                    .map(d -> String.format("%.1f s", d.toMillis() / 1e3)).toList())));
            out.append(String.format("%n%-50s %7s %7s %7s %9s  %s%n", "requests (through the fronts)", "sent", "ok", "failed",
                    "slowest", "why"));
            requests.forEach((kind, c) -> out.append(String.format("%-50s %7d %7d %7d %7.1f s  %s%n", kind, c.sent.get(),
                    c.sent.get() - c.failed.get(), c.failed.get(), c.slowestMillis.get() / 1e3,
                    c.reasons.isEmpty() ? "" : c.reasons)));
            out.append(String.format("%nFronts: %d answered 503 (no instance ready), %d answered 502 (instance failed)%n",
                    frontUnavailable, frontBadGateway));
            out.append(String.format("Requests sent: %d, failed: %d%n", sent(), failed()));
            return out.toString();
        }
    }

    /**
     * Drives the load through the fronts, waits a little, rolls every service one instance at a time, waits a little
     * more, then stops the load.
     */
    public static Result run(LocalStack stack, Map<String, ServiceFront> fronts, int readers,
                             java.util.function.Consumer<String> progress) throws Exception {
        try (Load load = new Load(stack, fronts, readers)) {
            // Every instance has served requests of each kind before the first SIGTERM: a cold one is slow at first.
            load.start();
            Thread.sleep(WARM_UP.toMillis());
            Map<String, List<Duration>> restarts = new LinkedHashMap<>();
            for (String service : fronts.keySet()) {
                List<Duration> took = new ArrayList<>();
                for (ServiceSpec instance : stack.instances(service)) {
                    load.phase("restart of " + service + " :" + instance.port());
                    took.add(stack.restartInstance(instance, progress));
                }
                restarts.put(service, took);
            }
            load.phase("after the restarts");
            Thread.sleep(3_000);
            load.stop();
            long unavailable = fronts.values().stream().mapToLong(ServiceFront::unavailable).sum();
            long badGateway = fronts.values().stream().mapToLong(ServiceFront::badGateway).sum();
            return new Result(load.counters(), restarts, unavailable, badGateway);
        }
    }

    /** Steady load: readers without pause beyond a short think time, one prefecture declaring every 500 ms. */
    public static final class Load implements AutoCloseable {

        /** Requests sent and failed for one kind, with the failures' reasons (status or exception) counted. */
        public static final class Counter {
            final AtomicLong sent = new AtomicLong();
            final AtomicLong failed = new AtomicLong();
            final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();
            final AtomicLong slowestMillis = new AtomicLong();

            public long sent() {
                return sent.get();
            }

            public long failed() {
                return failed.get();
            }

            public Map<String, AtomicLong> reasons() {
                return reasons;
            }

            public long slowestMillis() {
                return slowestMillis.get();
            }
        }

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final Map<String, Counter> counters = new LinkedHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final LocalStack stack;
        private final Map<String, ServiceFront> fronts;
        private final int readers;
        private volatile String phase = "warm-up";

        public Load(LocalStack stack, Map<String, ServiceFront> fronts, int readers) {
            this.stack = stack;
            this.fronts = fronts;
            this.readers = readers;
        }

        public void start() throws Exception {
            List<String[]> reads = new ArrayList<>();
            ServiceFront site = fronts.get("dissemination-service");
            if (site != null) {
                reads.add(new String[]{"GET /departements/59 (dissemination)", site.url() + "/departements/59"});
                reads.add(new String[]{"GET /api/v1/notices?territory=59 (dissemination)", site.url() + "/api/v1/notices?territory=59"});
            }
            ServiceFront fallback = fronts.get("fallback-service");
            if (fallback != null) {
                reads.add(new String[]{"GET /api/v1/live-numbers?territory=59 (fallback)", fallback.url() + "/api/v1/live-numbers?territory=59"});
            }
            reads.forEach(r -> counters.put(r[0], new Counter()));
            for (int i = 0; i < readers && !reads.isEmpty(); i++) {
                int first = i;
                threads.add(Thread.ofPlatform().name("reader-" + i).start(() -> {
                    for (int n = first; running.get(); n++) {
                        String[] read = reads.get(n % reads.size());
                        send(read[0], HttpRequest.newBuilder(URI.create(read[1])).header("Accept-Encoding", "gzip")
                                .timeout(CLIENT_TIMEOUT).build(), 200);
                        pause(20);
                    }
                }));
            }
            ServiceFront incidents = fronts.get("incident-service");
            if (incidents != null) {
                String kind = "POST /api/v1/incidents (incident, prefecture)";
                counters.put(kind, new Counter());
                JwtKeys keys = JwtKeys.loadOrCreate(stack.keysDirectory());
                String token = keys.token("prefet-59", "Préfet du Nord", "prefecture", List.of("department:59"),
                        "Préfecture du Nord", Duration.ofHours(2));
                threads.add(Thread.ofPlatform().name("prefecture").start(() -> {
                    for (int n = 0; running.get(); n++) {
                        String body = """
                                {"title": {"fr": "Redémarrage %d : le 17 ne répond plus"},
                                 "description": {"fr": "Déclaration pendant un redémarrage progressif."},
                                 "services": ["17"], "territories": ["department:59"]}""".formatted(n);
                        send(kind, HttpRequest.newBuilder(URI.create(incidents.url() + "/api/v1/incidents"))
                                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                                .timeout(CLIENT_TIMEOUT)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 201);
                        pause(500);
                    }
                }));
            }
        }

        /** What is going on, named in the failures' reasons. */
        public void phase(String now) {
            phase = now;
        }

        private void send(String kind, HttpRequest request, int expected) {
            Counter counter = counters.get(kind);
            counter.sent.incrementAndGet();
            String reason = null;
            String during = phase;
            long started = System.nanoTime();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != expected) {
                    reason = String.valueOf(response.statusCode());
                }
            } catch (java.io.IOException e) {
                reason = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reason = "interrupted";
            }
            counter.slowestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
            if (reason != null) {
                counter.failed.incrementAndGet();
                counter.reasons.computeIfAbsent(reason + " during " + during, r -> new AtomicLong()).incrementAndGet();
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        public Map<String, Counter> counters() {
            return counters;
        }

        public long sent() {
            return counters.values().stream().mapToLong(Counter::sent).sum();
        }

        public long failed() {
            return counters.values().stream().mapToLong(Counter::failed).sum();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            http.close();
        }
    }
}
