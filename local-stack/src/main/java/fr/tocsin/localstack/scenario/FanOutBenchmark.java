package fr.tocsin.localstack.scenario;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.tocsin.contracts.territory.Department;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/fanout.sh}: a national incident posted by broadcast-service to 101 departments × 4 networks (Mastodon,
 * Bluesky, X, Telegram), against a stub that answers each network's real response shape after 100 ms. Each prefecture
 * posts with its own credentials, as in production ({@code prefet59-mastodon}…), so the networks' per-account rate
 * limits, which broadcast-service enforces, apply per department. Prints the time from the approval to the first and
 * the last post, beside the reference of the same run: the posts' latencies end to end (one post at a time), and the
 * concurrency reached (most posts in flight at the stub, and on average). Asserts nothing about speed.
 */
public final class FanOutBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final List<String> NETWORKS = List.of("MASTODON", "BLUESKY", "X", "TELEGRAM");

    private FanOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int latencyMillis = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Stub stub = new Stub(latencyMillis);
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        List<Department> departments = TerritoryDirectory.get().departments();
        // Production's JVM options (C2, the 128 MiB heap), as ./tocsin start runs the services.
        List<String> serviceArgs = new java.util.ArrayList<>(LocalStack.PRODUCTION_JVM);
        serviceArgs.addAll(List.of("-Dtocsin.social.workers=" + workers,
                "-Dquarkus.datasource.jdbc.max-size=" + (workers + 12),
                // The networks' hosts are configuration, not part of an account: all pointed at the stub.
                "-Dtocsin.social.endpoints.x=" + stub.url(), "-Dtocsin.social.endpoints.telegram=" + stub.url()));
        for (Department department : departments) {
            // One set of credentials per prefecture (its Mastodon token, Bluesky app password, X token, Telegram bot).
            String credentials = "-Dtocsin.social.credentials.bench" + department.code();
            serviceArgs.addAll(List.of(credentials + ".token=bench-token-" + department.code(),
                    credentials + ".identifier=prefet" + department.code() + ".bsky.social",
                    credentials + ".password=bench-app-password", credentials + ".instance=" + stub.url(),
                    credentials + ".pds=" + stub.url()));
        }
        try (LocalStack stack = LocalStack.start(LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-bench-fanout"))
                .withServiceArgs(serviceArgs)
                .withProgress(message -> System.err.println("  • " + message)))) {
            String ministry = stack.ministryToken("bench");
            String broadcast = stack.service("broadcast-service").url();
            System.err.printf("  • registering %d departments × %d networks%n", departments.size(), NETWORKS.size());
            for (Department department : departments) {
                for (String network : NETWORKS) {
                    String target = network.equals("TELEGRAM") ? "@prefet" + department.code() : "Prefet" + department.code();
                    send(HttpRequest.newBuilder(URI.create(broadcast + "/api/v1/social-accounts"))
                            .header("Authorization", "Bearer " + ministry).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("""
                                    {"network": "%s", "territory": "department:%s", "name": "%s %s",
                                     "target": "%s", "credentials": "bench%s"}""".formatted(network, department.code(), network,
                                    department.code(), target, department.code()))), 201);
                }
            }
            int expected = departments.size() * NETWORKS.size();

            JwtKeys keys = JwtKeys.loadOrCreate(stack.keysDirectory());
            String incidents = stack.service("incident-service").url() + "/api/v1/incidents";
            String declared = send(HttpRequest.newBuilder(URI.create(incidents))
                    .header("Authorization", "Bearer " + token(keys, "agent-declarant")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"template": "emergency-numbers-unreachable", "territories": ["FR"]}""")), 201);
            Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(declared);
            if (!id.find()) {
                throw new IllegalStateException("No id in " + declared);
            }
            send(HttpRequest.newBuilder(URI.create(incidents + "/" + id.group(1) + "/approve"))
                    .header("Authorization", "Bearer " + token(keys, "agent-approbateur")).header("If-Match", "\"1\"")
                    .POST(HttpRequest.BodyPublishers.noBody()), 200);
            long approved = System.nanoTime();
            long deadline = approved + Duration.ofMinutes(5).toNanos();
            String deliveries = broadcast + "/api/v1/deliveries?incident=" + id.group(1);
            com.fasterxml.jackson.databind.JsonNode ledger = null;
            long sent = 0;
            while (System.nanoTime() < deadline) {
                Thread.sleep(200);
                ledger = JSON.readTree(send(HttpRequest.newBuilder(URI.create(deliveries))
                        .header("Authorization", "Bearer " + ministry), 200));
                sent = 0;
                for (var delivery : ledger) {
                    sent += "SENT".equals(delivery.path("status").asText()) ? 1 : 0;
                }
                if (sent == expected) {
                    break;
                }
            }
            double seconds = (stub.lastPostAt() - approved) / 1e9;
            double first = (stub.firstPostAt() - approved) / 1e9;
            Thread.sleep(2_000); // room for a late duplicate, if there were one
            // Every part of every thread the ledger recorded as sent; anything the stub received beyond is a duplicate.
            long parts = 0;
            for (var delivery : ledger) {
                if ("SENT".equals(delivery.path("status").asText())) {
                    parts += JSON.readTree(delivery.path("remoteIds").asText()).size();
                }
            }
            System.out.printf("Fan-out of a national incident — %d departments × %d networks = %d accounts (credentials of "
                    + "their own), stub latency %d ms, %d delivery loops (service defaults otherwise: batch, per-network "
                    + "concurrency and rate windows)%n", departments.size(), NETWORKS.size(), expected, latencyMillis, workers);
            System.out.printf("  deliveries sent     %d of %d (threads: Bluesky and X split the long national text)%n",
                    sent, expected);
            System.out.printf("  posts received      %d, per network %s, Bluesky sessions opened %d%n",
                    stub.posts(), stub.perNetwork(), stub.sessions());
            System.out.printf("  posts the ledger recorded %d; received beyond them (duplicates): %d%n", parts,
                    stub.posts() - parts);
            System.out.printf("  approval → last post %.2f s   (%.0f posts/s, %.0f deliveries/s); approval → first post %.2f s%n",
                    seconds, stub.posts() / seconds, sent / seconds, first);
            // The reference of this run: every post's latency one after another, as a single sender would take.
            double serial = stub.posts() * latencyMillis / 1e3;
            double sending = seconds - first;
            System.out.printf("  reference: %d posts × %d ms one at a time = %.1f s; first → last post %.2f s = %.1f× faster "
                    + "(%.1f posts in flight on average, at most %d; per network at most %s)%n", stub.posts(), latencyMillis,
                    serial, sending, serial / sending, serial / sending, stub.maxInFlight(), stub.maxInFlightPerNetwork());
        } finally {
            stub.stop();
        }
    }

    private static String token(JwtKeys keys, String subject) {
        return keys.token(subject, subject, "ministry", List.of("FR"), "Ministère de l’Intérieur", Duration.ofHours(1));
    }

    private static String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The four networks' endpoints on one port, each answering its real shape after a fixed delay. */
    static final class Stub {
        private final HttpServer server;
        private final Map<String, AtomicLong> perNetwork = new ConcurrentHashMap<>();
        private final AtomicLong posts = new AtomicLong();
        private final AtomicLong sessions = new AtomicLong();
        private final AtomicLong ids = new AtomicLong(113_000);
        private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
        private final Map<String, java.util.concurrent.atomic.AtomicInteger> inFlightPerNetwork = new ConcurrentHashMap<>();
        private final Map<String, java.util.concurrent.atomic.AtomicInteger> maxPerNetwork = new ConcurrentHashMap<>();
        private volatile long firstPostAt;
        private volatile long lastPostAt;

        Stub(int latencyMillis) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                String network = network(exchange.getRequestURI().getPath());
                if (network != null) {
                    synchronized (this) {
                        if (firstPostAt == 0) {
                            firstPostAt = System.nanoTime();
                        }
                    }
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    maxPerNetwork.computeIfAbsent(network, n -> new java.util.concurrent.atomic.AtomicInteger()).accumulateAndGet(
                            inFlightPerNetwork.computeIfAbsent(network, n -> new java.util.concurrent.atomic.AtomicInteger())
                                    .incrementAndGet(), Math::max);
                }
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    handle(exchange);
                } finally {
                    if (network != null) {
                        inFlight.decrementAndGet();
                        inFlightPerNetwork.get(network).decrementAndGet();
                    }
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** The network a post goes to, null for anything else (a Bluesky session). */
        private static String network(String path) {
            if (path.equals("/api/v1/statuses")) {
                return "MASTODON";
            } else if (path.equals("/xrpc/com.atproto.repo.createRecord")) {
                return "BLUESKY";
            } else if (path.equals("/2/tweets")) {
                return "X";
            }
            return path.endsWith("/sendMessage") ? "TELEGRAM" : null;
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long id = ids.incrementAndGet();
            String network;
            int status = 200;
            String answer;
            if (path.equals("/xrpc/com.atproto.server.createSession")) {
                sessions.incrementAndGet();
                reply(exchange, 200, "{\"did\":\"did:plc:bench\",\"handle\":\"bench.bsky.social\",\"accessJwt\":\"a\",\"refreshJwt\":\"r\"}");
                return;
            } else if (path.equals("/api/v1/statuses")) {
                network = "MASTODON";
                answer = "{\"id\":\"" + id + "\",\"url\":\"https://social.example/@bench/" + id + "\"}";
            } else if (path.equals("/xrpc/com.atproto.repo.createRecord")) {
                network = "BLUESKY";
                answer = "{\"uri\":\"at://did:plc:bench/app.bsky.feed.post/3l" + id + "\",\"cid\":\"bafyrei" + id + "\"}";
            } else if (path.equals("/2/tweets")) {
                network = "X";
                status = 201;
                answer = "{\"data\":{\"id\":\"" + id + "\",\"text\":\"…\"}}";
            } else if (path.endsWith("/sendMessage")) {
                network = "TELEGRAM";
                answer = "{\"ok\":true,\"result\":{\"message_id\":" + id + ",\"chat\":{\"id\":-100,\"username\":\"bench\",\"type\":\"channel\"}}}";
            } else {
                reply(exchange, 404, "{}");
                return;
            }
            perNetwork.computeIfAbsent(network, n -> new AtomicLong()).incrementAndGet();
            posts.incrementAndGet();
            lastPostAt = System.nanoTime();
            reply(exchange, status, answer);
        }

        private static void reply(HttpExchange exchange, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        long posts() {
            return posts.get();
        }

        long sessions() {
            return sessions.get();
        }

        long lastPostAt() {
            return lastPostAt;
        }

        /** When the first post arrived (before its latency). */
        long firstPostAt() {
            return firstPostAt;
        }

        int maxInFlight() {
            return maxInFlight.get();
        }

        Map<String, Integer> maxInFlightPerNetwork() {
            return new java.util.TreeMap<>(maxPerNetwork.entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())));
        }

        Map<String, Long> perNetwork() {
            return new java.util.TreeMap<>(perNetwork.entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())));
        }

        void stop() {
            server.stop(0);
        }
    }
}
