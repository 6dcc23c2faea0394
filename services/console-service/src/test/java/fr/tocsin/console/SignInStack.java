package fr.tocsin.console;

import com.sun.net.httpserver.HttpServer;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the console's tests sign in against and call: the local stack's real OIDC provider ({@link LocalIssuer}) and a
 * stand-in for incident-service's API that records every request it gets, with its bearer token (so a test sees
 * whether a form reached the API, and as whom).
 */
public class SignInStack implements QuarkusTestResourceLifecycleManager {

    /** One request the stand-in API received. */
    public record Call(String method, String path, String authorization, String body) {
    }

    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    static final String DECLARED_ID = "5f0c3d7e-4a1b-4c2d-9e8f-0123456789ab";

    private LocalIssuer issuer;
    private HttpServer api;

    @Override
    public Map<String, String> start() {
        try {
            issuer = LocalIssuer.start(0, JwtKeys.generate(), Files.createTempDirectory("console-issuer"));
            api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // What was received, for the tests (their class loader is not this one's: no shared static state).
        api.createContext("/_calls", exchange -> {
            if (exchange.getRequestMethod().equals("DELETE")) {
                CALLS.clear();
            }
            byte[] bytes = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(CALLS);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        api.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            CALLS.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            String answer = exchange.getRequestMethod().equals("POST")
                    ? "{\"id\":\"" + DECLARED_ID + "\",\"version\":1,\"status\":\"DRAFT\",\"title\":{\"fr\":\"t\"}}"
                    : "[]";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        api.start();
        String apiUrl = "http://127.0.0.1:" + api.getAddress().getPort();
        return Map.ofEntries(
                Map.entry("quarkus.oidc.auth-server-url", issuer.url()),
                Map.entry("quarkus.oidc.token.issuer", JwtKeys.ISSUER),
                Map.entry("quarkus.oidc.client-id", LocalIssuer.CONSOLE_CLIENT_ID),
                Map.entry("quarkus.oidc.credentials.secret", "a-local-client-secret-of-32-characters-or-more"),
                Map.entry("quarkus.oidc.token-state-manager.encryption-secret", "a-session-key-for-tests-of-32-characters-or-more"),
                Map.entry("quarkus.rest-csrf.token-signature-key", "a-csrf-signing-key-for-tests-of-32-characters"),
                Map.entry("quarkus.oidc.authentication.cookie-force-secure", "false"),
                Map.entry("quarkus.rest-csrf.cookie-force-secure", "false"),
                Map.entry("quarkus.rest-client.incident-api.url", apiUrl),
                Map.entry("quarkus.rest-client.fallback-api.url", apiUrl));
    }

    @Override
    public void stop() {
        if (api != null) {
            api.stop(0);
        }
        if (issuer != null) {
            issuer.close();
        }
    }
}
