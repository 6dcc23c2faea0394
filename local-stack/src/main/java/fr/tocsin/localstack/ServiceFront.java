package fr.tocsin.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What a Kubernetes Service (its endpoints, kube-proxy) and the ingress do for a scaled-out service, on one machine:
 * one stable port that spreads requests round-robin over the instances whose readiness ({@code /q/health/ready})
 * answers 200, polled every {@link #PROBE_PERIOD}. An instance that starts its graceful shutdown turns not-ready
 * (Quarkus' pre-shutdown, for {@code quarkus.shutdown.delay}) and leaves the rotation before it stops listening;
 * a restarted one comes back once ready. No retry: a request sent to an instance that fails is answered 502, so a
 * rolling restart that drops requests shows it.
 */
public final class ServiceFront implements AutoCloseable {

    /** How often each instance's readiness is probed (the kubelet's periodSeconds, much shorter here). */
    public static final Duration PROBE_PERIOD = Duration.ofMillis(250);

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the HTTP client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate",
            "content-length", "expect", "host");

    static {
        // Forward the client's Host, so that links and Location headers the services build name the front.
        // Read when the HTTP client classes initialise: the launcher and benchmarks also set it first thing.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(executor).build();
    private final HttpClient probes = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500)).build();
    private final List<Backend> backends = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong badGateway = new AtomicLong();
    private volatile boolean closed;

    private ServiceFront(String name, int port) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    /** A front on this loopback port (0: any free port) over no instance yet. */
    public static ServiceFront start(String name, int port) {
        try {
            return new ServiceFront(name, port);
        } catch (IOException e) {
            throw new StackException("Cannot listen on port " + port + " for the front of " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Adds an instance (its base URL, e.g. http://127.0.0.1:8080); it receives requests once it is ready. */
    public void add(String instanceUrl) {
        if (backends.stream().noneMatch(b -> b.url.equals(instanceUrl))) {
            Backend backend = new Backend(instanceUrl);
            backends.add(backend);
            Thread.ofVirtual().name(name + "-probe-" + instanceUrl).start(() -> probeLoop(backend));
        }
    }

    /** The instances in rotation now. */
    public List<String> inRotation() {
        return backends.stream().filter(b -> b.ready).map(b -> b.url).toList();
    }

    /** Waits until this instance is in rotation (its readiness seen UP), as a rolling update waits before the next. */
    public boolean awaitInRotation(String instanceUrl, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (inRotation().contains(instanceUrl)) {
                return true;
            }
            Thread.sleep(PROBE_PERIOD.toMillis() / 2);
        }
        return false;
    }

    /** Requests answered 503 because no instance was ready. */
    public long unavailable() {
        return unavailable.get();
    }

    /** Requests answered 502 because the chosen instance failed to answer. */
    public long badGateway() {
        return badGateway.get();
    }

    /**
     * One probe loop per instance, so a slow instance does not delay the others' verdicts. An answer other than 200
     * (a shutting-down Quarkus answers 503) or a refused connection takes the instance out at once; a probe that
     * times out, as under a CPU spike, only after three in a row (the kubelet's failureThreshold).
     */
    private void probeLoop(Backend backend) {
        int timeouts = 0;
        while (!closed) {
            try {
                backend.ready = probes.send(HttpRequest.newBuilder(URI.create(backend.url + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
                timeouts = 0;
            } catch (java.net.http.HttpTimeoutException e) {
                if (++timeouts >= 3) {
                    backend.ready = false;
                }
            } catch (IOException e) {
                backend.ready = false;
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(PROBE_PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Backend choose() {
        List<Backend> ready = backends.stream().filter(b -> b.ready).toList();
        if (ready.isEmpty()) {
            return null;
        }
        return ready.get(Math.floorMod(next.getAndIncrement(), ready.size()));
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            Backend backend = choose();
            if (backend == null) {
                unavailable.incrementAndGet();
                answer(exchange, 503, "No instance of " + name + " is ready\n");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(backend.url + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((header, values) -> {
                String lower = header.toLowerCase(Locale.ROOT);
                if (!NOT_FORWARDED.contains(lower)) {
                    values.forEach(value -> request.header(header, value));
                } else if ("host".equals(lower)) {
                    try {
                        request.header(header, values.getFirst());
                    } catch (IllegalArgumentException restricted) {
                        // An HTTP client was created before the property was set: the instance's own host it is.
                    }
                }
            });
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                badGateway.incrementAndGet();
                answer(exchange, 502, name + " at " + backend.url + " did not answer: " + e + "\n");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            response.headers().map().forEach((header, values) -> {
                if (!NOT_FORWARDED.contains(header.toLowerCase(Locale.ROOT)) && !header.startsWith(":")) {
                    exchange.getResponseHeaders().put(header, values);
                }
            });
            long length = response.headers().firstValueAsLong("content-length").orElse(-1);
            boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || response.statusCode() == 204
                    || response.statusCode() == 304 || length == 0;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : Math.max(length, 0));
            try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
                byte[] buffer = new byte[16 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    // Server-Sent Events go through as they come.
                    out.flush();
                }
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        http.close();
        probes.close();
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return name + " front on " + url() + " → " + backends.stream().map(b -> b.url + (b.ready ? " (ready)" : " (not ready)"))
                .collect(Collectors.joining(", "));
    }

    private static final class Backend {
        final String url;
        volatile boolean ready;

        Backend(String url) {
            this.url = url;
        }
    }
}
