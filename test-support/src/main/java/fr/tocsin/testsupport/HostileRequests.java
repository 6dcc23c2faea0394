package fr.tocsin.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A seeded fuzzer of requests a service must refuse — broken JSON, wrong types, huge bodies, deep nesting,
 * invalid codes, control characters, script in structured fields, CAP with DTDs and entities — and the check
 * that every one of them gets a 4xx problem+json, never a 5xx. The seed is printed; {@code -Dtocsin.fuzz.seed=N}
 * replays a run.
 */
public final class HostileRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1, as the ingress talks to the pods (the JDK client would otherwise try a cleartext HTTP/2 upgrade). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Builds one attack from the random source; a generator is a function, not a stream, so runs replay. */
    @FunctionalInterface
    public interface Generator {
        Attack next(Random random);

        static Generator oneOf(List<Attack> attacks) {
            return random -> attacks.get(random.nextInt(attacks.size()));
        }
    }

    /** What came back. */
    public record Answer(int status, String contentType, String body) {
    }

    private HostileRequests() {
    }

    /** A request to send: what it attacks, its content type and its bytes. */
    public record Attack(String kind, String contentType, byte[] body) {

        public static Attack of(String kind, String contentType, String body) {
            return new Attack(kind, contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return kind + " [" + contentType + "] " + (text.length() > 300 ? text.substring(0, 300) + "… (" + body.length + " bytes)" : text);
        }
    }

    /** Values no free-text field may hold: control characters, broken Unicode, far too long. */
    public static List<String> badText() {
        return List.of("\"a\\u0000b\"", "\"\\u0007 bip\"", "\"\\u001b[31mrouge\"", "\"x\\ud800y\"", "\"\\udc00\"",
                "\"\\u0085\"", "{}", "[\"liste\"]", "\"" + "é".repeat(5000) + "\"");
    }

    /** Values no code-like field (territory, service, enum) may hold. */
    public static List<String> badCodes() {
        return List.of("\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"", "\"../../etc/passwd\"", "\"${jndi:ldap://x/a}\"",
                "\"59\\u0000\"", "\"\"", "\" \"", "{}", "[[]]", "\"" + "9".repeat(300) + "\"");
    }

    /**
     * Attacks on a JSON body, built from a valid one.
     *
     * @param valid        a body the service accepts
     * @param invalidValues dotted field path (such as "title.fr") to JSON values it must refuse there
     */
    public static Generator json(String valid, Map<String, List<String>> invalidValues) {
        ObjectNode template = (ObjectNode) read(valid);
        List<String> fields = new ArrayList<>(new TreeMap<>(invalidValues).keySet());
        List<String> junk = List.of("{", "\"", "[", "\u0000", "\\", ",,");
        List<String> roots = List.of("[]", "\"texte\"", "42", "null", "", "true", "[" + valid + "]");
        List<String> controls = List.of("\u0000", "\u0001", "\u001f", "\n");
        List<String> types = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded");
        List<Integer> sizes = List.of(200_000, 1_100_000, 3_000_000);
        // kind, weight: field values most, then the shapes of the body itself
        List<Generator> weighted = new ArrayList<>();
        addTimes(weighted, 40, random -> {
            String path = fields.get(random.nextInt(fields.size()));
            List<String> values = invalidValues.get(path);
            return Attack.of("invalid " + path, "application/json", replace(template, path, values.get(random.nextInt(values.size()))));
        });
        addTimes(weighted, 10, random -> Attack.of("truncated JSON", "application/json",
                valid.substring(0, random.nextInt(valid.length() - 1))));
        List<Integer> outsideStrings = structuralPositions(valid);
        addTimes(weighted, 10, random -> {
            // Outside string literals: inside one, most junk is just more text.
            int at = outsideStrings.get(random.nextInt(outsideStrings.size()));
            return Attack.of("corrupted JSON", "application/json", valid.substring(0, at) + junk.get(random.nextInt(junk.size()))
                    + valid.substring(at));
        });
        addTimes(weighted, 5, random -> Attack.of("raw control character", "application/json",
                valid.replaceFirst("\"([^\"]*)\"\\s*}", "\"$1" + controls.get(random.nextInt(controls.size())) + "\"}")));
        addTimes(weighted, 5, random -> Attack.of("wrong root", "application/json", roots.get(random.nextInt(roots.size()))));
        addTimes(weighted, 5, random -> {
            int depth = 1_001 + random.nextInt(99_000);
            return Attack.of("deep nesting", "application/json", "{\"a\": " + "[".repeat(depth) + "]".repeat(depth) + "}");
        });
        addTimes(weighted, 5, random -> {
            int depth = 1_001 + random.nextInt(19_000);
            return Attack.of("deep objects", "application/json", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        });
        addTimes(weighted, 3, random -> Attack.of("huge body", "application/json",
                replace(template, fields.getFirst(), "\"" + "A".repeat(sizes.get(random.nextInt(sizes.size()))) + "\"")));
        addTimes(weighted, 5, random -> Attack.of("wrong content type", types.get(random.nextInt(types.size())), valid));
        return random -> weighted.get(random.nextInt(weighted.size())).next(random);
    }

    /** Positions between 1 and the end that are not inside a string literal of {@code json}. */
    private static List<Integer> structuralPositions(String json) {
        List<Integer> positions = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!inString && i > 0) {
                positions.add(i);
            }
            if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\')) {
                inString = !inString;
            }
        }
        return positions;
    }

    private static void addTimes(List<Generator> weighted, int times, Generator generator) {
        for (int i = 0; i < times; i++) {
            weighted.add(generator);
        }
    }

    /** Attacks on a CAP 1.2 endpoint: DTDs, external entities, entity expansion, broken or invalid XML. */
    public static Generator cap(String valid) {
        String body = valid.substring(valid.indexOf("<alert"));
        return Generator.oneOf(List.of(
                Attack.of("CAP with external entity", "application/cap+xml",
                        "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                + body.replaceFirst("<event>[^<]*</event>", "<event>&x;</event>")),
                Attack.of("CAP billion laughs", "application/cap+xml", "<?xml version=\"1.0\"?><!DOCTYPE lolz ["
                        + "<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                        + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                        + body.replaceFirst("<event>[^<]*</event>", "<event>&lol3;</event>")),
                Attack.of("CAP with DTD", "application/cap+xml", "<!DOCTYPE alert SYSTEM \"http://127.0.0.1:1/x.dtd\">" + body),
                Attack.of("CAP parameter entity", "application/cap+xml",
                        "<!DOCTYPE alert [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/p\"> %p;]>" + body),
                Attack.of("CAP truncated", "application/cap+xml", body.substring(0, body.length() / 2)),
                Attack.of("CAP wrong namespace", "application/cap+xml", body.replace("urn:oasis:names:tc:emergency:cap:1.2", "urn:x")),
                Attack.of("CAP without sender", "application/cap+xml", body.replaceFirst("<sender>[^<]*</sender>", "")),
                Attack.of("CAP unknown INSEE code", "application/cap+xml", body.replaceAll("<value>59</value>", "<value>00</value>")),
                Attack.of("CAP control character", "application/cap+xml", body.replaceFirst("<event>", "<event>\u0001")),
                Attack.of("CAP huge", "application/cap+xml", body.replaceFirst("<description>",
                        "<description>" + "A".repeat(2_000_000))),
                Attack.of("not XML", "application/cap+xml", "{\"alert\": true}"),
                Attack.of("CAP script in geocode", "application/cap+xml", body.replaceAll("<value>59</value>",
                        "<value>&lt;script&gt;alert(1)&lt;/script&gt;</value>"))));
    }

    /**
     * Values no path segment or query parameter may turn into a 5xx: markup, template and expression injection, SQL,
     * traversal, NUL, broken Unicode, huge, unknown territories, impossible dates, numbers that are not.
     */
    public static List<String> hostileParameters() {
        return List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
                "' OR 1=1 --", "../../../etc/passwd", "%00", "\u0000", "${jndi:ldap://x/a}", "{{7*7}}", "{#insert /}",
                "9".repeat(5000), "department:00", "commune:99999", "region:", "FR;DROP TABLE notice", "\ud800", "é\u202e",
                "2026-13-45T99:99:99Z", "-1", "NaN", "[]", "{}", " ", "");
    }

    /** A GET to attack: the path from the service's root (no leading slash) around one URL-encoded hostile value. */
    @FunctionalInterface
    public interface PathAttack {
        String path(Random random, String encodedValue);
    }

    /**
     * GETs {@code count} paths built around {@link #hostileParameters()}; fails, with the seed that replays the run,
     * listing every 5xx, every error of the API ({@code api/…}) not in problem+json, and every value with markup
     * reflected raw in an HTML answer.
     */
    public static void fireGets(String base, int count, Map<String, String> headers, PathAttack paths) {
        fireGets(base, count, headers, paths, (path, answer) -> null);
    }

    /** What a service checks beyond the common rules: a failure to report for this answer, or null. */
    @FunctionalInterface
    public interface AnswerCheck {
        String failure(String path, Answer answer);
    }

    /** As {@link #fireGets(String, int, Map, PathAttack)}, with the service's own check of each answer. */
    public static void fireGets(String base, int count, Map<String, String> headers, PathAttack paths, AnswerCheck check) {
        long seed = Long.getLong("tocsin.fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        List<String> values = hostileParameters();
        List<String> failures = new ArrayList<>();
        for (int sent = 0; sent < count; sent++) {
            String value = values.get(random.nextInt(values.size()));
            String path = paths.path(random, java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            Answer answer = get(base + path, headers);
            if (answer.status() >= 500) {
                failures.add(answer.status() + " for /" + path);
            }
            if (path.startsWith("api/") && answer.status() >= 400 && !answer.contentType().startsWith("application/problem+json")
                    && !refusedByHttpLayer(answer.status())) {
                failures.add(answer.status() + " without problem+json for /" + path);
            }
            // Only markup can run a script: JSON and XML answers are served as such, with nosniff.
            if (value.contains("<") && answer.contentType().startsWith("text/html") && answer.body().contains(value)) {
                failures.add("reflected unescaped in /" + path);
            }
            String own = check.failure(path, answer);
            if (own != null) {
                failures.add(own);
            }
        }
        System.out.println("Hostile GETs (seed " + seed + "): " + count + " sent, mishandled: " + failures.size());
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + count + " hostile GETs were mishandled (seed " + seed
                    + "):\n  " + String.join("\n  ", failures.stream().distinct().limit(15).toList()));
        }
    }

    /** GETs a URL as given (already encoded), for hostile paths and query strings. */
    public static Answer get(String url) {
        return get(url, Map.of());
    }

    /** GETs a URL as given (already encoded), with the given headers. */
    public static Answer get(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Too large a body (413), too long a request line (414) or headers (431): refused by the HTTP server before any
     * application code runs, so answered without a body — the right status, and nothing read or stored.
     */
    public static boolean refusedByHttpLayer(int status) {
        return status == 413 || status == 414 || status == 431;
    }

    /** The services' request body limit ({@code quarkus.http.limits.max-body-size}). */
    private static final int BODY_LIMIT = 64 * 1024;

    private static boolean alive(String url) {
        URI uri = URI.create(url);
        try {
            return HTTP.send(HttpRequest.newBuilder(uri.resolve("/q/health/live")).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** POSTs an attack's bytes as they are (no client-side re-encoding), with the given headers. */
    public static Answer post(String url, Map<String, String> headers, Attack attack) {
        return send("POST", url, headers, attack);
    }

    /** PUTs an attack's bytes as they are, with the given headers. */
    public static Answer put(String url, Map<String, String> headers, Attack attack) {
        return send("PUT", url, headers, attack);
    }

    private static Answer send(String method, String url, Map<String, String> headers, Attack attack) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", attack.contentType())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(attack.body()));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (java.net.http.HttpTimeoutException e) {
            // A hang is a failure, never a refusal.
            return new Answer(0, "", "no answer within 30 s: " + e.getMessage());
        } catch (IOException e) {
            // The server may close the connection on a body over its limit before reading it: that is a refusal,
            // but only for such a body, and only if the server is still alive afterwards (not a crash).
            if (attack.body().length > BODY_LIMIT && alive(url)) {
                return new Answer(413, "connection closed: " + e.getMessage(), "");
            }
            return new Answer(0, "", "connection failed (" + attack.body().length + " bytes sent): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code count} attacks and returns how many of each kind went out; fails listing every answer that is a
     * 5xx, not a 4xx, or not problem+json, with the seed that replays the run.
     */
    public static Map<String, Integer> fire(int count, Generator attacks, Function<Attack, Answer> send) {
        long seed = Long.getLong("tocsin.fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        Map<String, Integer> kinds = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Attack attack = attacks.next(random);
            kinds.merge(attack.kind(), 1, Integer::sum);
            Answer answer = send.apply(attack);
            if (answer.status() < 400 || answer.status() >= 500) {
                failures.add(answer.status() + " for " + attack + "\n    → " + abbreviate(answer.body()));
            } else if (!answer.contentType().startsWith("application/problem+json") && !answer.contentType().startsWith("connection closed")
                    && !refusedByHttpLayer(answer.status())) {
                failures.add(answer.status() + " without problem+json (" + answer.contentType() + ") for " + attack);
            }
        }
        System.out.println("Hostile requests (seed " + seed + "): " + count + " sent " + kinds + ", refused properly: "
                + (count - failures.size()));
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + count + " hostile requests were mishandled (seed " + seed
                    + "):\n  " + String.join("\n  ", failures.stream().distinct().limit(15).toList()));
        }
        return kinds;
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    private static String replace(ObjectNode template, String path, String value) {
        ObjectNode copy = template.deepCopy();
        String[] parts = path.split("\\.");
        ObjectNode parent = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.path(parts[i]);
            parent = child instanceof ObjectNode object ? object : parent.putObject(parts[i]);
        }
        // Spliced as text: some values are JSON a parser would not build (unpaired surrogates).
        String marker = "\"__hostile__\"";
        parent.put(parts[parts.length - 1], "__hostile__");
        return copy.toString().replace(marker, value);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
