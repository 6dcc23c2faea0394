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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * June 2021 again: 15, 17, 18 and 112 fail nationwide. A ministry declares it, a second person approves it
 * (four-eyes), and every department's standby numbers must go live on the public API; resolving withdraws them.
 * Used by the end-to-end test (for correctness) and by the activation benchmark (for timings).
 */
public final class NationalOutage implements AutoCloseable {

    /**
     * Every duration runs from the approval's HTTP response (the moment the incident is public).
     *
     * @param activation            to the last department live in the national notices ({@code territory=FR})
     * @param withdrawal            from the resolution's HTTP response to the last department withdrawn (national notices)
     * @param incidentOnTopic       to the approved incident's event on the incidents topic (its record timestamp)
     * @param firstNumbersOnTopic   to the first department's live-numbers event on its topic
     * @param lastNumbersOnTopic    to the last (101st) department's live-numbers event on its topic
     * @param lastDepartmentNotices to the last department showing its four numbers in its own notices JSON
     * @param lastDepartmentPage    to the last department showing its four numbers on its own page
     * @param cpu                   CPU time (user + system) each service's process spent from the approval response
     *                              until every department showed its numbers: what the activation costs whatever
     *                              the machine's load (the pollers' requests included, for dissemination-service)
     */
    public record Result(Duration activation, Duration withdrawal, int departmentsLive, Duration incidentOnTopic,
                         Duration firstNumbersOnTopic, Duration lastNumbersOnTopic, Duration lastDepartmentNotices,
                         Duration lastDepartmentPage, Map<String, Duration> cpu) {

        /** Issue #19's figure: every department shows its four numbers in its own notices JSON and on its page. */
        public Duration everyDepartment() {
            return lastDepartmentNotices.compareTo(lastDepartmentPage) >= 0 ? lastDepartmentNotices : lastDepartmentPage;
        }
    }

    /** Requests in flight at once while polling the departments (one each), beside the national poll. */
    private static final int POLLERS = 4;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalStack stack;
    private final JwtKeys keys;
    private final Set<String> departments;
    private final TopicWatch topics;

    public NationalOutage(LocalStack stack) throws IOException {
        this.stack = stack;
        this.keys = JwtKeys.loadOrCreate(stack.keysDirectory());
        this.departments = new HashSet<>(TerritoryDirectory.get().departments().stream().map(Department::code)
                .map(code -> "department:" + code).toList());
        this.topics = new TopicWatch(stack.bootstrapServers());
    }

    @Override
    public void close() throws InterruptedException {
        topics.close();
    }

    public Result run(Duration timeout) throws IOException, InterruptedException {
        String author = token("agent-declarant");
        String approver = token("agent-approbateur");
        String incidents = stack.service("incident-service").url() + "/api/v1/incidents";
        // Departments already covered by other incidents stay so: the withdrawal returns to them, not to none.
        Set<String> before = Set.copyOf(awaitDepartments(covered -> true, timeout));
        long declaring = System.currentTimeMillis();
        JsonNode declared = send(HttpRequest.newBuilder(URI.create(incidents)).header("Authorization", "Bearer " + author)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"template": "emergency-numbers-unreachable", "territories": ["FR"]}""")), 201);
        String id = declared.get("id").asText();

        send(HttpRequest.newBuilder(URI.create(incidents + "/" + id + "/approve")).header("Authorization", "Bearer " + approver)
                .header("If-Match", "\"1\"").POST(HttpRequest.BodyPublishers.noBody()), 200);
        long approved = System.nanoTime();
        long approvedAt = System.currentTimeMillis();
        Map<String, Long> cpuBefore = cpuTicks();
        Polled polled = pollEveryDepartment(approved, timeout);
        Map<String, Long> cpuAfter = cpuTicks();
        Map<String, Duration> cpu = new java.util.LinkedHashMap<>();
        cpuBefore.forEach((service, ticks) -> cpu.put(service, Duration.ofMillis((cpuAfter.get(service) - ticks) * 10)));
        // The topics: the events were on them before any department showed them; the reader may lag a little.
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.OptionalLong incidentAt = topics.incident(id, 2);
        Map<String, Long> numbersAt = topics.liveNumbers(declaring, DemoData.SERVICES.size());
        while ((incidentAt.isEmpty() || !numbersAt.keySet().containsAll(departments)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            incidentAt = topics.incident(id, 2);
            numbersAt = topics.liveNumbers(declaring, DemoData.SERVICES.size());
        }
        if (incidentAt.isEmpty() || !numbersAt.keySet().containsAll(departments)) {
            throw new IllegalStateException("Timed out reading the topics: incident " + incidentAt + ", "
                    + numbersAt.size() + " departments' live numbers");
        }
        Duration incidentOnTopic = Duration.ofMillis(incidentAt.getAsLong() - approvedAt);
        Duration firstNumbers = Duration.ofMillis(numbersAt.values().stream().mapToLong(t -> t).min().orElseThrow() - approvedAt);
        Duration lastNumbers = Duration.ofMillis(numbersAt.values().stream().mapToLong(t -> t).max().orElseThrow() - approvedAt);

        // Ending a national incident needs two people too: one proposes, the other approves.
        send(HttpRequest.newBuilder(URI.create(incidents + "/" + id + "/resolve")).header("Authorization", "Bearer " + approver)
                .header("If-Match", "\"2\"").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")), 202);
        send(HttpRequest.newBuilder(URI.create(incidents + "/" + id + "/approve")).header("Authorization", "Bearer " + author)
                .header("If-Match", "\"3\"").POST(HttpRequest.BodyPublishers.noBody()), 200);
        long resolved = System.nanoTime();
        awaitDepartments(before::equals, timeout);
        return new Result(polled.national(), Duration.ofNanos(System.nanoTime() - resolved), polled.nationalLive(),
                incidentOnTopic, firstNumbers, lastNumbers, polled.lastNotices(), polled.lastPage(), cpu);
    }

    /** The services whose CPU time {@link Result#cpu} reports. */
    public static final List<String> TIMED_SERVICES = List.of("incident-service", "fallback-service", "dissemination-service");

    /** CPU time of each timed service's process so far, in clock ticks (1/100 s on Linux), from /proc; -1 elsewhere. */
    private Map<String, Long> cpuTicks() {
        Map<String, Long> ticks = new java.util.LinkedHashMap<>();
        for (String service : TIMED_SERVICES) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + stack.pid(service) + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(service, Long.parseLong(fields[11]) + Long.parseLong(fields[12])); // utime, stime
            } catch (IOException | RuntimeException e) {
                ticks.put(service, -1L);
            }
        }
        return ticks;
    }

    private record Polled(Duration national, int nationalLive, Duration lastNotices, Duration lastPage) {
    }

    /**
     * Polls, at once, the national notices and every department's own notices JSON and page, until each department
     * shows its four numbers in all of them: a department's page is polled once its notices show them (its numbers'
     * {@code tel:} links, in the order the notices list them). Each department is asked again only after every other
     * pending one was, in a pass followed by a 10 ms pause, as the national poll does.
     */
    private Polled pollEveryDepartment(long approved, Duration timeout) throws InterruptedException {
        String base = stack.service("dissemination-service").url();
        long deadline = approved + timeout.toNanos();
        Map<String, Long> noticesAt = new ConcurrentHashMap<>();
        Map<String, Long> pageAt = new ConcurrentHashMap<>();
        Map<String, List<String>> telLinks = new ConcurrentHashMap<>();
        try (ExecutorService pollers = Executors.newFixedThreadPool(POLLERS + 1)) {
            Future<Polled> national = pollers.submit(() -> {
                int live = awaitDepartments(covered -> covered.containsAll(departments), timeout).size();
                return new Polled(Duration.ofNanos(System.nanoTime() - approved), live, null, null);
            });
            List<String> pending = new ArrayList<>(departments);
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out: " + noticesAt.size() + " departments live in their notices, "
                            + pageAt.size() + " on their page");
                }
                List<Future<?>> pass = new ArrayList<>();
                java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(POLLERS);
                for (String department : pending) {
                    inFlight.acquire();
                    pass.add(pollers.submit(() -> {
                        try {
                            pollDepartment(base, department, approved, noticesAt, pageAt, telLinks);
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> request : pass) {
                    request.get();
                }
                pending.removeIf(pageAt::containsKey);
                Thread.sleep(10);
            }
            Duration lastNotices = Duration.ofNanos(noticesAt.values().stream().mapToLong(t -> t).max().orElseThrow() - approved);
            Duration lastPage = Duration.ofNanos(pageAt.values().stream().mapToLong(t -> t).max().orElseThrow() - approved);
            return new Polled(national.get().national(), national.get().nationalLive(), lastNotices, lastPage);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** One request for one department: its notices until they show its numbers, then its page. */
    private void pollDepartment(String base, String department, long approved, Map<String, Long> noticesAt,
                                Map<String, Long> pageAt, Map<String, List<String>> telLinks)
            throws IOException, InterruptedException {
        String code = department.substring(department.indexOf(':') + 1);
        if (!noticesAt.containsKey(department)) {
            JsonNode notices = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/notices?territory=" + department)).GET(), 200);
            for (JsonNode set : notices.get("numbers")) {
                if (!set.get("territory").asText().equals(department)) {
                    continue;
                }
                Set<String> services = new HashSet<>();
                List<String> links = new ArrayList<>();
                set.get("numbers").forEach(n -> {
                    services.add(n.get("service").asText());
                    links.add("href=\"tel:" + n.get("e164").asText() + "\"");
                });
                if (services.containsAll(DemoData.SERVICES)) {
                    noticesAt.put(department, System.nanoTime());
                    telLinks.put(department, links);
                }
            }
            return;
        }
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/departements/" + code)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("The page of " + department + " answered " + page.statusCode());
        }
        if (telLinks.get(department).stream().allMatch(page.body()::contains)) {
            pageAt.put(department, System.nanoTime());
        }
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
