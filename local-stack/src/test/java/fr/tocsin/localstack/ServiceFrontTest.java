package fr.tocsin.localstack;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack's front sends requests only to instances whose readiness is UP, as a Kubernetes Service does: an
 * instance that turns not-ready (a shutting-down Quarkus) stops receiving requests while it still listens.
 */
class ServiceFrontTest {

    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<FakeInstance> instances = new ArrayList<>();
    private ServiceFront front;

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
        instances.forEach(i -> i.server.stop(0));
    }

    @Test
    void onlyReadyInstancesReceiveRequests() throws Exception {
        FakeInstance a = instance("a");
        FakeInstance b = instance("b");
        front = ServiceFront.start("probe-service", 0);
        front.add(a.url());
        front.add(b.url());
        assertTrue(front.awaitInRotation(a.url(), Duration.ofSeconds(10)));
        assertTrue(front.awaitInRotation(b.url(), Duration.ofSeconds(10)));
        assertEquals(Set.of("a", "b"), answersTo(10), "round-robin over both ready instances");

        b.ready.set(false);
        awaitOutOfRotation(b);
        int servedByB = b.served.get();
        assertEquals(Set.of("a"), answersTo(20), "a not-ready instance leaves the rotation");
        assertEquals(servedByB, b.served.get(), "and receives nothing while it still listens");

        a.ready.set(false);
        awaitOutOfRotation(a);
        HttpResponse<String> none = get("/hello");
        assertEquals(503, none.statusCode(), "nothing ready: 503, as an ingress with no endpoints answers");

        b.ready.set(true);
        assertTrue(front.awaitInRotation(b.url(), Duration.ofSeconds(10)));
        assertEquals(Set.of("b"), answersTo(5), "back in rotation once ready again");
    }

    @Test
    void forwardsMethodBodyHeadersAndHostAndReportsAFailedInstance() throws Exception {
        FakeInstance a = instance("a");
        front = ServiceFront.start("probe-service", 0);
        front.add(a.url());
        assertTrue(front.awaitInRotation(a.url(), Duration.ofSeconds(10)));
        HttpResponse<String> echoed = http.send(HttpRequest.newBuilder(URI.create(front.url() + "/echo?x=1"))
                .header("Authorization", "Bearer t").POST(HttpRequest.BodyPublishers.ofString("corps")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, echoed.statusCode());
        assertEquals("POST /echo?x=1 Bearer t 127.0.0.1:" + front.port() + " corps", echoed.body());
        assertEquals("yes", echoed.headers().firstValue("X-Echo").orElse(""));

        // Still in rotation (readiness not probed yet) but gone: the front says so, it does not hide it.
        a.server.stop(0);
        HttpResponse<String> failed = get("/hello");
        assertTrue(failed.statusCode() == 502 || failed.statusCode() == 503, "got " + failed.statusCode());
    }

    private void awaitOutOfRotation(FakeInstance instance) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (front.inRotation().contains(instance.url())) {
            assertTrue(System.nanoTime() < deadline, instance.url() + " still in rotation");
            Thread.sleep(50);
        }
    }

    private Set<String> answersTo(int requests) throws Exception {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = get("/hello");
            assertEquals(200, response.statusCode(), response.body());
            names.add(response.body());
        }
        return names;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(front.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private FakeInstance instance(String name) throws IOException {
        FakeInstance instance = new FakeInstance(name);
        instances.add(instance);
        return instance;
    }

    /** An instance with a readiness endpoint one can turn DOWN while it keeps listening. */
    private static final class FakeInstance {
        final AtomicBoolean ready = new AtomicBoolean(true);
        final AtomicInteger served = new AtomicInteger();
        final HttpServer server;

        FakeInstance(String name) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/q/health/ready", exchange -> {
                exchange.sendResponseHeaders(ready.get() ? 200 : 503, -1);
                exchange.close();
            });
            server.createContext("/hello", exchange -> {
                served.incrementAndGet();
                byte[] body = name.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/echo", exchange -> {
                String text = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + exchange.getRequestHeaders().getFirst("Host") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                byte[] body = text.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("X-Echo", "yes");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }
    }
}
