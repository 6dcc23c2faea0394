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
 * stand-in for the services' APIs (incident-service, fallback-service, broadcast-service) that records every request it gets, with its bearer token (so a test sees
 * whether a form reached the API, and as whom).
 */
public class SignInStack implements QuarkusTestResourceLifecycleManager {

    /** One request the stand-in API received. */
    public record Call(String service, String method, String path, String query, String authorization, String body) {
    }

    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    static final String DECLARED_ID = "5f0c3d7e-4a1b-4c2d-9e8f-0123456789ab";
    static final String NUMBER_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    private LocalIssuer issuer;
    private final List<HttpServer> apis = new java.util.ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            issuer = LocalIssuer.start(0, JwtKeys.generate(), Files.createTempDirectory("console-issuer"));
            // One server per service, so a test sees which service a page called.
            for (String service : List.of("incident-service", "fallback-service", "broadcast-service")) {
                apis.add(api(service));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.ofEntries(
                Map.entry("quarkus.oidc.auth-server-url", issuer.url()),
                Map.entry("quarkus.oidc.token.issuer", JwtKeys.ISSUER),
                Map.entry("quarkus.oidc.client-id", LocalIssuer.CONSOLE_CLIENT_ID),
                Map.entry("quarkus.oidc.credentials.secret", "a-local-client-secret-of-32-characters-or-more"),
                Map.entry("quarkus.oidc.token-state-manager.encryption-secret", "a-session-key-for-tests-of-32-characters-or-more"),
                Map.entry("quarkus.rest-csrf.token-signature-key", "a-csrf-signing-key-for-tests-of-32-characters"),
                Map.entry("quarkus.oidc.authentication.cookie-force-secure", "false"),
                Map.entry("quarkus.rest-csrf.cookie-force-secure", "false"),
                Map.entry("quarkus.rest-client.incident-api.url", url(apis.get(0))),
                Map.entry("quarkus.rest-client.fallback-api.url", url(apis.get(1))),
                Map.entry("quarkus.rest-client.broadcast-api.url", url(apis.get(2))));
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A service's stand-in; each serves {@code /_calls}, every service's calls (the tests read incident-api's). */
    private static HttpServer api(String service) throws IOException {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
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
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            CALLS.add(new Call(service, exchange.getRequestMethod(), path, exchange.getRequestURI().getQuery(),
                    authorization, body));
            Answer answer = answer(service, exchange.getRequestMethod(), path, authorization);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.status() >= 400 ? "application/problem+json"
                    : "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        api.start();
        return api;
    }

    private record Answer(int status, String body) {
    }

    /** What the stand-in APIs answer: incident-service, fallback-service and broadcast-service, as their docs say. */
    private static Answer answer(String service, String method, String path, String authorization) {
        if (method.equals("GET") && path.equals("/api/v1/audit")) {
            return audit(service, authorization);
        }
        return switch (method + " " + path) {
            case "POST /api/v1/fallback-numbers/import" -> new Answer(400, "{\"title\":\"Import refusé\",\"status\":400,"
                    + "\"detail\":\"Rien n’a été enregistré\",\"errors\":[{\"field\":\"line 3\",\"message\":"
                    + "\"numéro invalide / invalid number\"}]}");
            case "POST /api/v1/fallback-numbers" -> new Answer(201, "{\"id\":\"" + NUMBER_ID + "\",\"territory\":"
                    + "\"department:59\",\"service\":\"17\",\"priority\":9,\"e164\":\"+33353010917\","
                    + "\"national\":\"03 53 01 09 17\",\"label\":\"Commissariat\",\"state\":\"STANDBY\"}");
            // A standby number of the SAMU in Nord (ARCEP fiction range): the preview shows it going live.
            case "GET /api/v1/fallback-numbers" -> new Answer(200, "[{\"id\":\"" + NUMBER_ID + "\",\"territory\":"
                    + "\"department:59\",\"service\":\"15\",\"priority\":1,\"e164\":\"+33639980015\","
                    + "\"national\":\"06 39 98 00 15\",\"label\":\"SAMU du Nord\",\"state\":\"STANDBY\"}]");
            case "POST /api/v1/deliveries/redrive" -> new Answer(200, "{\"redriven\":2}");
            // One post refused for good, one perhaps posted before broadcast-service stopped mid-post (UNKNOWN).
            case "GET /api/v1/deliveries" -> new Answer(200, """
                    [{"id":"5d0e1a7e-0000-4000-8000-000000000001","account":"Préfet du Nord (Telegram)","network":"TELEGRAM",
                      "territory":"department:59","kind":"DECLARED","version":1,"status":"FAILED","attempts":8,
                      "lastError":"HTTP 403 from Telegram"},
                     {"id":"5d0e1a7e-0000-4000-8000-000000000002","account":"Préfet du Nord (X)","network":"X",
                      "territory":"department:59","kind":"DECLARED","version":1,"status":"UNKNOWN","attempts":1,
                      "lastError":"perhaps posted: the sender stopped while posting part 1 of 1, before recording it"}]""");
            case "GET /api/v1/audit/verification" -> new Answer(403, "{\"title\":\"Accès refusé\",\"status\":403,"
                    + "\"detail\":\"Réservé au ministère / ministry only\"}");
            default -> method.equals("POST")
                    ? new Answer(201, "{\"id\":\"" + DECLARED_ID + "\",\"version\":1,\"status\":\"DRAFT\",\"title\":{\"fr\":\"t\"}}")
                    : new Answer(200, "[]");
        };
    }

    /**
     * A service's audit trail as service-kit's {@code AuditResource} answers the person: operators are refused; anyone
     * else gets a record of this service's, by them, within their territories.
     */
    private static Answer audit(String service, String authorization) {
        com.fasterxml.jackson.databind.JsonNode claims;
        try {
            claims = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.util.Base64.getUrlDecoder()
                    .decode(authorization.substring("Bearer ".length()).split("\\.")[1]));
        } catch (IOException | RuntimeException e) {
            return new Answer(401, "{\"title\":\"Non authentifié\",\"status\":401}");
        }
        if (claims.path("groups").toString().contains("\"operator\"")) {
            return new Answer(403, "{\"title\":\"Accès refusé\",\"status\":403,\"detail\":\"Le journal d’audit n’est pas "
                    + "ouvert aux opérateurs / the audit trail is not open to operators\"}");
        }
        String[] record = switch (service) {
            case "incident-service" -> new String[] {"DECLARE", DECLARED_ID};
            case "fallback-service" -> new String[] {"NUMBER_CREATE", NUMBER_ID};
            default -> new String[] {"DELIVERY_REDRIVE", DECLARED_ID};
        };
        return new Answer(200, "{\"records\":[{\"id\":7,\"at\":\"2026-06-02T18:00:00Z\",\"actor\":"
                + claims.path("sub") + ",\"role\":" + claims.path("groups").path(0) + ",\"action\":\"" + record[0]
                + "\",\"targetId\":\"" + record[1] + "\",\"territories\":" + claims.path("tocsin_territories")
                + "}],\"page\":0,\"size\":50}");
    }

    @Override
    public void stop() {
        apis.forEach(api -> api.stop(0));
        if (issuer != null) {
            issuer.close();
        }
    }
}
