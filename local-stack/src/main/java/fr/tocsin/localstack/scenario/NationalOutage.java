package fr.tocsin.localstack.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.territory.Department;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.localstack.DemoData;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * June 2021 again: 15, 17, 18 and 112 fail nationwide. A ministry declares it, a second person approves it
 * (four-eyes), and every department's standby numbers must go live on the public API; resolving withdraws them.
 * Used by the end-to-end test (for correctness) and by the activation benchmark (for timings).
 */
public final class NationalOutage {

    /**
     * @param activation from the approval's HTTP response (the moment the incident is public) to the last
     *                   department live on the public notices API
     * @param withdrawal from the resolution's HTTP response to the last department withdrawn
     */
    public record Result(Duration activation, Duration withdrawal, int departmentsLive) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalStack stack;
    private final JwtKeys keys;
    private final Set<String> departments;

    public NationalOutage(LocalStack stack) throws IOException {
        this.stack = stack;
        this.keys = JwtKeys.loadOrCreate(stack.keysDirectory());
        this.departments = new HashSet<>(TerritoryDirectory.get().departments().stream().map(Department::code)
                .map(code -> "department:" + code).toList());
    }

    public Result run(Duration timeout) throws IOException, InterruptedException {
        String author = token("agent-declarant");
        String approver = token("agent-approbateur");
        String incidents = stack.service("incident-service").url() + "/api/v1/incidents";
        // Departments already covered by other incidents stay so: the withdrawal returns to them, not to none.
        Set<String> before = Set.copyOf(awaitDepartments(covered -> true, timeout));
        JsonNode declared = send(HttpRequest.newBuilder(URI.create(incidents)).header("Authorization", "Bearer " + author)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"template": "emergency-numbers-unreachable", "territories": ["FR"]}""")), 201);
        String id = declared.get("id").asText();

        send(HttpRequest.newBuilder(URI.create(incidents + "/" + id + "/approve")).header("Authorization", "Bearer " + approver)
                .header("If-Match", "\"1\"").POST(HttpRequest.BodyPublishers.noBody()), 200);
        long approved = System.nanoTime();
        int live = awaitDepartments(covered -> covered.containsAll(departments), timeout).size();
        Duration activation = Duration.ofNanos(System.nanoTime() - approved);

        // Ending a national incident needs two people too: one proposes, the other approves.
        send(HttpRequest.newBuilder(URI.create(incidents + "/" + id + "/resolve")).header("Authorization", "Bearer " + approver)
                .header("If-Match", "\"2\"").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")), 202);
        send(HttpRequest.newBuilder(URI.create(incidents + "/" + id + "/approve")).header("Authorization", "Bearer " + author)
                .header("If-Match", "\"3\"").POST(HttpRequest.BodyPublishers.noBody()), 200);
        long resolved = System.nanoTime();
        awaitDepartments(before::equals, timeout);
        return new Result(activation, Duration.ofNanos(System.nanoTime() - resolved), live);
    }

    /** Polls the public notices of all France until the departments whose four numbers are live satisfy the test. */
    private Set<String> awaitDepartments(Predicate<Set<String>> done, Duration timeout) throws IOException, InterruptedException {
        URI notices = URI.create(stack.service("dissemination-service").url() + "/api/v1/notices?territory=FR");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> covered = new HashSet<>();
            for (JsonNode set : send(HttpRequest.newBuilder(notices).GET(), 200).get("numbers")) {
                Set<String> services = new HashSet<>();
                set.get("numbers").forEach(n -> services.add(n.get("service").asText()));
                if (services.containsAll(DemoData.SERVICES)) {
                    covered.add(set.get("territory").asText());
                }
            }
            if (done.test(covered)) {
                return covered;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out: " + covered.size() + " departments live");
            }
            Thread.sleep(10);
        }
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private String token(String subject) {
        return keys.token(subject, subject, "ministry", List.of("FR"), "Ministère de l’Intérieur", Duration.ofHours(1));
    }
}
