package fr.tocsin.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.localstack.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./tocsin token}, as the README's quick start runs it: the script itself (its JDK choice and classpath),
 * run against the packaged launcher jar, prints a token that the running services accept for what was asked —
 * the role, the territory, the authority shown to the public and the audiences — and refuse beyond it.
 * The script runs from a throw-away copy of the project root whose {@code .tocsin/keys} is this stack's key
 * directory, so a developer's own {@code .tocsin} is never read or written. Vienne (86) is used by no other test;
 * its incident is resolved before the test ends.
 */
class TokenCommandIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    static LocalStack stack;
    static Path root;

    @BeforeAll
    static void copyOfTheLauncher() throws IOException {
        stack = E2eStack.get();
        Path project = Path.of(System.getProperty("tocsin.root", "..")).toAbsolutePath().normalize();
        Path jar = project.resolve("local-stack/target/tocsin-local-stack.jar");
        // The script would build the project itself without it: the reactor packages local-stack before e2e-tests.
        assertThat(jar).as("the packaged launcher").isRegularFile();
        root = Files.createTempDirectory("tocsin-token");
        Files.copy(project.resolve("tocsin"), root.resolve("tocsin"));
        Files.setPosixFilePermissions(root.resolve("tocsin"), PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(root.resolve("local-stack"));
        Files.createSymbolicLink(root.resolve("local-stack/target"), project.resolve("local-stack/target"));
        Files.createDirectories(root.resolve(".tocsin"));
        Files.createSymbolicLink(root.resolve(".tocsin/keys"), stack.keysDirectory());
    }

    @AfterAll
    static void removeCopy() throws IOException {
        if (root != null) {
            for (Path link : List.of(root.resolve(".tocsin/keys"), root.resolve(".tocsin"), root.resolve("local-stack/target"),
                    root.resolve("local-stack"), root.resolve("tocsin"), root)) {
                Files.deleteIfExists(link);
            }
        }
    }

    @Test
    void aPrintedTokenIsAcceptedForWhatWasAskedAndRefusedBeyondIt() throws Exception {
        Instant before = Instant.now();
        Run run = tocsin("token", "--role", "prefecture", "--territory", "86", "--name", "Préfète de la Vienne",
                "--authority", "Préfecture de la Vienne", "--hours", "2");
        assertThat(run.exit()).as(run.stderr()).isZero();
        String token = run.stdout().strip();
        assertThat(token).as("one token on one line, nothing else on stdout").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("groups")).extracting(JsonNode::asText).containsExactly("prefecture");
        assertThat(claims.path("tocsin_territories")).extracting(JsonNode::asText).as("canonical").containsExactly("department:86");
        assertThat(claims.path("tocsin_authority").asText()).isEqualTo("Préfecture de la Vienne");
        assertThat(claims.path("aud")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("tocsin-incident-api", "tocsin-fallback-api", "tocsin-dissemination-api",
                        "tocsin-broadcast-api");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(7_200);
        assertThat(claims.path("iat").asLong()).isBetween(before.getEpochSecond() - 1, Instant.now().getEpochSecond() + 1);

        // The README's declaration, with that token: accepted, in the name of the authority asked for.
        String incidents = stack.service("incident-service").url() + "/api/v1/incidents";
        HttpResponse<String> declared = call("POST", incidents, token, null, """
                {"title": {"fr": "Le 15 ne répond plus dans la Vienne"}, "description": {"fr": "Panne du 15."},
                 "services": ["15"], "territories": ["department:86"]}""");
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        JsonNode incident = JSON.readTree(declared.body());
        String id = incident.path("id").asText();
        long version = incident.path("version").asLong();
        try {
            assertThat(incident.path("authority").asText()).isEqualTo("Préfecture de la Vienne");
            HttpResponse<String> updated = call("POST", incidents + "/" + id + "/updates", token,
                    "\"" + incident.path("version").asLong() + "\"", "{\"message\": {\"fr\": \"Point de situation\"}}");
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            incident = JSON.readTree(updated.body());
            version = incident.path("version").asLong();
            JsonNode timeline = incident.path("timeline");
            assertThat(timeline.get(timeline.size() - 1).path("author").asText()).as("--name and --authority in the timeline")
                    .isEqualTo("Préfète de la Vienne (Préfecture de la Vienne)");
            HttpResponse<String> audit = call("GET", stack.service("incident-service").url() + "/api/v1/audit?target=" + id,
                    token, null, null);
            assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
            assertThat(JSON.readTree(audit.body()).path("records").get(0).path("actor").asText())
                    .as("the subject derived from --name").isEqualTo("préfète-de-la-vienne");

            // Beyond the territory asked for: refused.
            HttpResponse<String> elsewhere = call("POST", incidents, token, null, """
                    {"title": {"fr": "Ailleurs"}, "description": {"fr": "Panne du 15."},
                     "services": ["15"], "territories": ["department:87"]}""");
            assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(403);
        } finally {
            HttpResponse<String> resolved = call("POST", incidents + "/" + id + "/resolve", token,
                    "\"" + version + "\"", "{}");
            assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        }

        // --audience: a token for the fallback API alone is that API's and no other's.
        Run fallbackOnly = tocsin("token", "--role", "prefecture", "--territory", "department:86",
                "--audience", "tocsin-fallback-api");
        assertThat(fallbackOnly.exit()).as(fallbackOnly.stderr()).isZero();
        String narrow = fallbackOnly.stdout().strip();
        assertThat(call("GET", stack.service("fallback-service").url() + "/api/v1/fallback-numbers?territory=department:86",
                narrow, null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", incidents, narrow, null, null).statusCode()).as("another API's token").isEqualTo(401);

        // A ministry's token defaults to all of France.
        Run ministry = tocsin("token", "--role", "ministry");
        assertThat(ministry.exit()).as(ministry.stderr()).isZero();
        assertThat(JSON.readTree(Base64.getUrlDecoder().decode(ministry.stdout().strip().split("\\.")[1]))
                .path("tocsin_territories")).extracting(JsonNode::asText).containsExactly("FR");
    }

    @Test
    void badArgumentsPrintTheUsageAndNoToken() throws Exception {
        for (List<String> args : List.of(List.of("token"), List.of("token", "--role", "king"),
                List.of("token", "--role", "mayor"), List.of("token", "--role", "prefecture", "--territory", "planet:3"))) {
            Run run = tocsin(args.toArray(String[]::new));
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.stdout()).as(String.join(" ", args)).isEmpty();
            assertThat(run.stderr()).as(String.join(" ", args)).isNotBlank();
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    /** The script, from the throw-away root, with this JVM's JDK. */
    private static Run tocsin(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("tocsin").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("./tocsin " + String.join(" ", args) + " ends").isTrue();
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.delete(out);
            Files.delete(err);
        }
    }

    private static HttpResponse<String> call(String method, String url, String token, String ifMatch, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
