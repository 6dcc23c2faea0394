package fr.tocsin.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publication invariant of issue #14: nothing unapproved, forged or withdrawn ever reaches the public.
 * <p>
 * A seeded random sequence of operations (declare, update, approve, reject, cancel, resolve, CAP Alert / Update /
 * Cancel) by random actors of every role, in and out of scope, authors, editors and others, runs against the
 * packaged services. Beside them, this test keeps its own model of what was public <em>by rule</em>, computed only
 * from what each request asked and whether it was accepted:
 * <ul>
 *   <li>a declaration needs approval (stays a draft, not public) when an operator declares it, or it is EXTREME, or
 *   national; otherwise it is public at once (actual mode only: an exercise is never public, beyond its CAP message
 *   marked {@code Exercise} and its CAP index entry);</li>
 *   <li>a change of a public incident needs a second person (a pending change, not public) when the incident needed
 *   approval at declaration, or the resulting version is EXTREME or national, or the actor is an operator (a service
 *   stricter than this, answering 202 where the rule would publish at once, is followed and noted);</li>
 *   <li>a draft or pending change becomes public only when someone approves it who is in scope, not an operator, not
 *   its author, not its last editor or proposer, and a ministry for a national one; a rejected or cancelled draft and
 *   a rejected pending change are never public;</li>
 *   <li>the public authority is the declaring token's {@code tocsin_authority}.</li>
 * </ul>
 * Every text sent carries a unique marker. Afterwards every public output — notices JSON of every touched territory,
 * the pages, Atom/RSS, the CAP index and messages, the SSE stream read throughout, a sampler read throughout, the
 * delivery ledger and the partner webhooks' WireMock journal — must hold only markers of versions public by rule,
 * only public versions, and only the declarer's authority; and the final public state of each incident must be the
 * model's last public version. Replay with {@code -Dinvariant.seed=…} ({@code -Dinvariant.threads=1} for the same
 * interleaving); {@code -Dinvariant.operations=…} changes the length.
 */
class PublicationInvariantIT {

    private static final long SEED = Long.getLong("invariant.seed", new Random().nextLong() & 0xFFFF_FFFFL);
    private static final int OPERATIONS = Integer.getInteger("invariant.operations", 2_000);
    private static final int THREADS = Integer.getInteger("invariant.threads", 6);
    /** Marker of this run's texts: every text sent contains {@code <prefix>x<n><kind>}, unique per operation. */
    private static final String PREFIX = "iv" + Long.toString(SEED, 36);
    private static final Pattern MARKER = Pattern.compile(PREFIX + "x(\\d+)([a-z])");

    private static final Map<String, String> DEPARTMENTS = new LinkedHashMap<>(Map.of(
            "14", "Calvados", "50", "Manche", "61", "Orne", "76", "Seine-Maritime"));
    /** Commune → its department. */
    private static final Map<String, String> COMMUNES = new LinkedHashMap<>(Map.of("14118", "14", "76540", "76"));
    private static final String MINISTRY_AUTHORITY = "Ministère de l’Intérieur";
    private static final String WEBHOOK_CREDENTIALS = "e2e-invariant-webhook";
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    static LocalStack stack;
    static WireMockServer partners;
    static JwtKeys keys;
    static String incidents;
    static String publicSide;
    /** broadcast-service: the accounts and the delivery ledger. */
    static String broadcast;

    // ---- actors ----------------------------------------------------------------------------------------------

    enum Role { MINISTRY, PREFECTURE, MAYOR, OPERATOR }

    record Person(String subject, Role role, List<String> territories, String authority, String token) {
        boolean covers(String territory) {
            return territories.stream().anyMatch(own -> PublicationInvariantIT.covers(own, territory));
        }

        boolean coversAll(List<String> territories) {
            return territories.stream().allMatch(this::covers);
        }

        String capSender() {
            return "alerte-" + Integer.toHexString(authority.hashCode()) + "@tocsin.test";
        }

        @Override
        public String toString() {
            return subject + "(" + role.name().toLowerCase() + " " + territories + ")";
        }
    }

    static final List<Person> PEOPLE = new ArrayList<>();

    // ---- the model -------------------------------------------------------------------------------------------

    enum Stage { DRAFT, LIVE, ENDED, DEAD }

    /** One version's public-facing content; tokens are the markers of its texts. */
    record Content(String title, String titleToken, String descriptionToken, String instructionsToken, String severity,
                   List<String> territories, String status) {
        boolean national() {
            return territories.contains("FR");
        }

        List<String> tokens() {
            return Stream.of(titleToken, descriptionToken, instructionsToken).filter(t -> t != null).toList();
        }
    }

    /** A change waiting for a second person: the content it would publish and the markers of its messages. */
    record Pending(Content content, List<String> messageTokens, String proposer) {
    }

    static final class Incident {
        final String id;
        final Person author;
        final boolean declaredNeedingApproval;
        final ReentrantLock lock = new ReentrantLock();
        final List<String> history = new ArrayList<>();
        final Set<String> publicStates = new LinkedHashSet<>();
        final Set<Long> publicVersions = new LinkedHashSet<>();
        /** CAP thread: the (sender, identifier, sent) of the Alert that declared it, when it came by CAP. */
        String capReference;
        Stage stage;
        Content content;
        final List<String> draftMessageTokens = new ArrayList<>();
        String lastEditor;
        Pending pending;
        /** The last ETag an answer gave; read again when stale. */
        String etag;
        /** A released exercise: its CAP message (status Exercise) and CAP index entry may exist, nothing else. */
        boolean capExercise;

        Incident(String id, Person author, boolean declaredNeedingApproval) {
            this.id = id;
            this.author = author;
            this.declaredNeedingApproval = declaredNeedingApproval;
        }

        boolean everPublic() {
            return !publicStates.isEmpty();
        }

        void log(String line) {
            history.add(line);
        }
    }

    final Map<String, Incident> model = new ConcurrentHashMap<>();
    final List<Incident> open = new CopyOnWriteArrayList<>();
    /** Every marker sent → what carried it; and the markers that were in a version public by rule. */
    final Map<String, String> sent = new ConcurrentHashMap<>();
    final Set<String> allowed = ConcurrentHashMap.newKeySet();
    /** Markers of released exercises: allowed in CAP outputs only, where they are marked Exercise. */
    final Set<String> capOnly = ConcurrentHashMap.newKeySet();
    /** CAP messages by (sender, identifier) → the incidents they belong to (one per authority, by rule). */
    final Map<String, List<Incident>> capThreads = new ConcurrentHashMap<>();
    final AtomicInteger counter = new AtomicInteger();
    final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    /** Answers that differ from the rule without publishing anything (informative: the outputs decide). */
    final Findings notes = new Findings();

    // ---- what the public side showed ---------------------------------------------------------------------------

    /** Marker → first place it was seen public, outside CAP and in CAP (CAP index, CAP messages). */
    final Map<String, String> seenMarkers = new ConcurrentHashMap<>();
    final Map<String, String> seenCapMarkers = new ConcurrentHashMap<>();
    /** id|version|status|title|authority of an incident in a notices JSON (API, SSE, sampler) → first place. */
    final Map<String, String> seenNotices = new ConcurrentHashMap<>();
    final Findings violations = new Findings();
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicInteger sseEvents = new AtomicInteger();
    final AtomicInteger samples = new AtomicInteger();

    /** A bounded, de-duplicated list of findings, in the order found. */
    static final class Findings {
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> items = new ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();

        void add(String key, String text) {
            if (keys.add(key)) {
                count.incrementAndGet();
                if (items.size() < 5_000) {
                    items.add(text);
                }
            }
        }
    }

    @BeforeAll
    static void start() throws IOException {
        System.out.printf("[invariant] seed %d (replay: -Dinvariant.seed=%d), %d operations, %d threads, marker %s%n",
                SEED, SEED, OPERATIONS, THREADS, PREFIX);
        Path root = Path.of(System.getProperty("tocsin.root", "..")).toAbsolutePath().normalize();
        List<String> args = new ArrayList<>(List.of(
                // Thousands of calls by a few dozen people in two minutes: the per-client limit is not under test.
                "-Dtocsin.rate-limit.requests-per-minute=1000000", "-Dtocsin.rate-limit.burst=1000000",
                "-Dtocsin.social.credentials." + WEBHOOK_CREDENTIALS + ".secret=" + WEBHOOK_SECRET,
                "-Dtocsin.social.initial-backoff=200ms", "-Dtocsin.social.max-backoff=2s"));
        args.add("-Dtocsin.social.allow-insecure-destinations=true");
        stack = LocalStack.start(LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-invariant"))
                .withProgress(message -> System.out.println("[invariant] " + message))
                .withServiceArgs(args));
        keys = JwtKeys.loadOrCreate(stack.keysDirectory());
        incidents = stack.service("incident-service").url() + "/api/v1/incidents";
        publicSide = stack.service("dissemination-service").url();
        broadcast = stack.service("broadcast-service").url();
        partners = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        partners.start();
        partners.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
        people();
    }

    @AfterAll
    static void stop() {
        if (partners != null) {
            partners.stop();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** Every role, each in several persons so that "the author" and "someone else" both happen. */
    private static void people() {
        person("ministere-1", Role.MINISTRY, List.of("FR"), MINISTRY_AUTHORITY);
        person("ministere-2", Role.MINISTRY, List.of("FR"), MINISTRY_AUTHORITY);
        person("ministere-3", Role.MINISTRY, List.of("FR"), MINISTRY_AUTHORITY);
        DEPARTMENTS.forEach((code, name) -> {
            for (int i = 1; i <= 2; i++) {
                person("prefet-" + code + "-" + i, Role.PREFECTURE, List.of("department:" + code), "Préfecture " + name);
            }
        });
        Map<String, String> communeNames = Map.of("14118", "Caen", "76540", "Rouen");
        COMMUNES.forEach((code, department) -> {
            for (int i = 1; i <= 2; i++) {
                person("maire-" + code + "-" + i, Role.MAYOR, List.of("commune:" + code), "Mairie de " + communeNames.get(code));
            }
        });
        for (int i = 1; i <= 2; i++) {
            person("operateur-a-" + i, Role.OPERATOR, List.of("department:14", "department:50"), "Normandie Réseaux");
            person("operateur-b-" + i, Role.OPERATOR, List.of("department:61", "department:76"), "Seine Télécom");
        }
    }

    private static void person(String subject, Role role, List<String> territories, String authority) {
        PEOPLE.add(new Person(subject, role, territories, authority, keys.token(subject, subject, role.name().toLowerCase(),
                territories, authority, Duration.ofHours(3))));
    }

    static Person ministry() {
        return PEOPLE.getFirst();
    }

    /** FR ⊃ department ⊃ its communes. */
    static boolean covers(String own, String territory) {
        if (own.equals("FR") || own.equals(territory)) {
            return true;
        }
        if (own.startsWith("department:") && territory.startsWith("commune:")) {
            return own.substring("department:".length()).equals(COMMUNES.get(territory.substring("commune:".length())));
        }
        return false;
    }

    // ---- the test ------------------------------------------------------------------------------------------------

    @Test
    void nothingUnapprovedForgedOrWithdrawnEverReachesThePublic() throws Exception {
        long started = System.nanoTime();
        registerPartnerWebhooks();
        Thread sse = Thread.ofPlatform().name("invariant-sse").daemon().start(this::readStream);
        Thread sampler = Thread.ofPlatform().name("invariant-sampler").daemon().start(this::sample);
        Thread.sleep(500);

        AtomicInteger done = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> crashes = new CopyOnWriteArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(SEED * 31 + t);
            workers.add(Thread.ofPlatform().name("invariant-" + t).start(() -> {
                try {
                    int n;
                    while ((n = done.incrementAndGet()) <= OPERATIONS) {
                        step(random);
                        if (n % 500 == 0) {
                            System.out.printf("[invariant] %d operations, %d incidents, %d s%n", n, model.size(),
                                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
                        }
                    }
                } catch (Throwable e) {
                    crashes.add(e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(crashes).as("worker crashes").isEmpty();
        System.out.printf("[invariant] %d operations in %d s: %s%n", OPERATIONS,
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), new TreeMap<>(outcomes));

        settle();
        running.set(false);
        sampler.join(5_000);
        sse.interrupt();
        scanFinalOutputs();
        judge();

        System.out.printf("[invariant] incidents %d (ever public %d), markers sent %d (allowed %d), SSE events %d, "
                        + "samples %d, webhook posts %d, notes %d, violations %d, %d s in all%n",
                model.size(), model.values().stream().filter(Incident::everPublic).count(), sent.size(), allowed.size(),
                sseEvents.get(), samples.get(), webhookPosts().size(), notes.count.get(), violations.count.get(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        notes.items.stream().limit(15).forEach(n -> System.out.println("[invariant] note: " + n));
        // Leaks first (texts, never-public incidents, forged authorities), then wrong versions and API answers.
        List<String> sorted = violations.items.stream().sorted(Comparator.comparingInt(PublicationInvariantIT::rank)
                .thenComparingInt(PublicationInvariantIT::operation)).toList();
        Path report = Path.of(System.getProperty("tocsin.root", "..")).resolve("e2e-tests/target/invariant-violations.txt");
        Files.createDirectories(report.getParent());
        Files.write(report, Stream.concat(Stream.of("seed " + SEED + ", " + violations.count.get() + " violations"),
                Stream.concat(sorted.stream(), notes.items.stream().map(n -> "note: " + n))).toList());
        Map<String, Long> kinds = new TreeMap<>();
        sorted.forEach(v -> kinds.merge(kind(v), 1L, Long::sum));
        System.out.println("[invariant] violations by kind: " + kinds);
        List<String> first = sorted.stream().limit(12).toList();
        first.forEach(v -> System.out.println("[invariant] VIOLATION " + v));
        assertThat(violations.count.get())
                .as("publication invariant (seed %d, replay with -Dinvariant.seed=%d); first violations:%n%s", SEED, SEED,
                        String.join("\n", first))
                .isZero();
    }

    // ---- operations ------------------------------------------------------------------------------------------------

    private void step(Random random) throws Exception {
        if (open.size() < 6 || random.nextInt(100) < 22) {
            declare(random);
            return;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            List<Incident> candidates = List.copyOf(open);
            // Recent incidents more often: their drafts and pending changes are the interesting ones.
            int size = candidates.size();
            int index = random.nextInt(3) == 0 ? random.nextInt(size) : size - 1 - random.nextInt(Math.min(size, 12));
            Incident incident = candidates.get(index);
            if (incident.lock.tryLock()) {
                try {
                    if (incident.stage == Stage.DRAFT || incident.stage == Stage.LIVE) {
                        change(random, incident);
                    }
                    if (incident.stage != Stage.DRAFT && incident.stage != Stage.LIVE) {
                        open.remove(incident);
                    }
                } finally {
                    incident.lock.unlock();
                }
                return;
            }
        }
        declare(random);
    }

    private void change(Random random, Incident incident) throws Exception {
        int roll = random.nextInt(100);
        boolean cap = incident.capReference != null && random.nextInt(100) < 45;
        if (incident.stage == Stage.DRAFT) {
            if (roll < 35) {
                decide(random, incident, true);
            } else if (roll < 60) {
                if (cap) {
                    capUpdate(random, incident, false);
                } else {
                    update(random, incident);
                }
            } else if (roll < 75) {
                decide(random, incident, false);
            } else if (roll < 95) {
                if (cap) {
                    capCancel(random, incident);
                } else {
                    close(random, incident, "cancel");
                }
            } else {
                close(random, incident, "resolve");
            }
        } else if (incident.pending != null) {
            decide(random, incident, roll < 55);
        } else if (roll < 55) {
            if (cap) {
                capUpdate(random, incident, false);
            } else {
                update(random, incident);
            }
        } else if (roll < 70) {
            if (cap) {
                capUpdate(random, incident, true);
            } else {
                close(random, incident, "resolve");
            }
        } else if (roll < 85) {
            if (cap) {
                capCancel(random, incident);
            } else {
                close(random, incident, "cancel");
            }
        } else {
            // Nothing to approve or reject: must be refused, and change nothing.
            decide(random, incident, roll < 93);
        }
    }

    private void declare(Random random) throws Exception {
        Person actor = PEOPLE.get(random.nextInt(PEOPLE.size()));
        int n = counter.incrementAndGet();
        List<String> territories = declarationTerritories(random, actor);
        String severity = severity(random, 15);
        boolean exercise = random.nextInt(100) < 5;
        int capRoll = random.nextInt(100);
        if (capRoll < 4 && !capThreads.isEmpty()) {
            claimCapIdentifier(random, actor, n, territories, severity);
            return;
        }
        boolean viaCap = capRoll < 30;
        String forged = random.nextInt(100) < 10
                ? (actor.authority().equals(MINISTRY_AUTHORITY) ? "Préfecture de police " : MINISTRY_AUTHORITY + " ")
                + marker(n, 'a', "forged authority by " + actor) : null;
        boolean ownAuthority = forged == null && random.nextInt(100) < 10;
        String title = "Panne " + marker(n, 't', "title of declaration " + n);
        String description = "Le service ne répond plus " + marker(n, 'd', "description of declaration " + n);
        String instructions = random.nextBoolean() ? "Appelez le 112 " + marker(n, 'i', "instructions of declaration " + n) : null;
        String what = (viaCap ? "CAP Alert" : "declare") + " #" + n + " by " + actor + " " + territories + " " + severity
                + (exercise ? " EXERCISE" : "") + (forged != null ? " forged authority" : ownAuthority ? " own authority" : "");

        HttpResponse<String> response;
        String identifier = PREFIX + "-cap-" + n;
        String capSent = capNow();
        if (viaCap) {
            response = send(actor, "POST", incidents, null, "application/cap+xml", capMessage(identifier, actor.capSender(), capSent,
                    exercise ? "Exercise" : "Actual", "Alert", null, null, severity, "Immediate", false,
                    forged != null ? forged : random.nextInt(100) < 8 ? null : actor.authority(), title, description,
                    instructions, territories));
        } else {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("title").put("fr", title);
            body.putObject("description").put("fr", description);
            if (instructions != null) {
                body.putObject("instructions").put("fr", instructions);
            }
            body.putArray("services").add(random.nextBoolean() ? "15" : "112");
            var territoryArray = body.putArray("territories");
            territories.forEach(territoryArray::add);
            body.put("severity", severity);
            if (exercise) {
                body.put("mode", "EXERCISE");
            }
            if (forged != null) {
                body.put("authority", forged);
            } else if (ownAuthority) {
                body.put("authority", actor.authority());
            }
            response = send(actor, "POST", incidents, null, "application/json", body.toString());
        }
        outcome(viaCap ? "cap-alert" : "declare", response);
        if (response.statusCode() / 100 != 2) {
            return;
        }
        JsonNode answer = JSON.readTree(response.body());
        String id = answer.path("id").asText();
        if (response.statusCode() != 201 || model.containsKey(id)) {
            notes.add("declare-not-created-" + n, what + " answered " + response.statusCode() + " with incident " + id
                    + " instead of creating one");
            return;
        }
        boolean needsApproval = actor.role() == Role.OPERATOR || severity.equals("EXTREME") || territories.contains("FR");
        Incident incident = new Incident(id, actor, needsApproval);
        incident.etag = response.headers().firstValue("ETag").orElse(null);
        incident.content = new Content(title, token(title), token(description), token(instructions), severity,
                territories, "ACTIVE");
        incident.log(what + " → " + response.statusCode() + " v" + answer.path("version").asLong() + " "
                + answer.path("status").asText());
        if (exercise) {
            // Never public; released (needing no approval), its CAP message may go out marked Exercise.
            incident.stage = Stage.DEAD;
            incident.capExercise = !needsApproval;
            if (!needsApproval) {
                capOnly.addAll(incident.content.tokens());
            }
        } else if (needsApproval) {
            incident.stage = Stage.DRAFT;
            incident.lastEditor = actor.subject();
            if (!"DRAFT".equals(answer.path("status").asText())) {
                notes.add("draft-" + id, what + " needs approval but answered status " + answer.path("status").asText());
            }
        } else {
            incident.stage = Stage.LIVE;
            publish(incident, incident.content, List.of(), answer.path("version").asLong());
        }
        if (viaCap) {
            incident.capReference = actor.capSender() + "," + identifier + "," + capSent;
            capThreads.computeIfAbsent(actor.capSender() + "," + identifier, k -> new CopyOnWriteArrayList<>()).add(incident);
        }
        model.put(id, incident);
        if (!exercise) {
            open.add(incident);
        }
    }

    /**
     * Finding 4: a CAP Alert with an identifier another authority already used. By rule the caller never gets the
     * other authority's incident back: either a new incident of its own, or a refusal.
     */
    private void claimCapIdentifier(Random random, Person actor, int n, List<String> territories, String severity)
            throws Exception {
        List<String> threads = new ArrayList<>(capThreads.keySet());
        String key = threads.get(random.nextInt(threads.size()));
        Incident victim = capThreads.get(key).getFirst();
        // Hold every incident of the thread while the claim is in flight and until the model knows its outcome: a
        // concurrent CAP Update or Cancel naming the same (sender, identifier) must see the new incident among the
        // thread's incidents, or not run at all.
        List<Incident> locked = new ArrayList<>();
        try {
            for (Incident held : capThreads.get(key)) {
                if (!held.lock.tryLock()) {
                    return;
                }
                locked.add(held);
            }
            String sender = key.substring(0, key.indexOf(','));
            String identifier = key.substring(key.indexOf(',') + 1);
            String title = "Panne " + marker(n, 't', "title of CAP claim " + n);
            String description = "Réutilise un identifiant " + marker(n, 'd', "description of CAP claim " + n);
            String capSent = capNow();
            HttpResponse<String> response = send(actor, "POST", incidents, null, "application/cap+xml", capMessage(identifier,
                    sender, capSent, "Actual", "Alert", null, null, severity, "Immediate", false, actor.authority(), title,
                    description, null, territories));
            outcome("cap-claim", response);
            String what = "CAP Alert #" + n + " by " + actor + " reusing " + key + " of " + victim.author.authority();
            if (response.statusCode() / 100 != 2) {
                return;
            }
            JsonNode answer = JSON.readTree(response.body());
            String id = answer.path("id").asText();
            Incident existing = model.get(id);
            if (existing != null) {
                if (!existing.author.authority().equals(actor.authority())) {
                    violations.add("cap-claim-" + n, "[API] " + what + " answered " + response.statusCode()
                            + " with the incident " + id + " of " + existing.author.authority()
                            + ": CAP idempotency is not bound to the caller's authority");
                }
                return;
            }
            // A new incident of the caller's own: an ordinary declaration.
            boolean needsApproval = actor.role() == Role.OPERATOR || severity.equals("EXTREME") || territories.contains("FR");
            Incident incident = new Incident(id, actor, needsApproval);
            incident.content = new Content(title, token(title), token(description), null, severity, territories, "ACTIVE");
            incident.log(what + " → " + response.statusCode() + " new incident");
            incident.capReference = sender + "," + identifier + "," + capSent;
            if (needsApproval) {
                incident.stage = Stage.DRAFT;
                incident.lastEditor = actor.subject();
            } else {
                incident.stage = Stage.LIVE;
                publish(incident, incident.content, List.of(), answer.path("version").asLong());
            }
            capThreads.get(key).add(incident);
            model.put(id, incident);
            open.add(incident);
        } finally {
            locked.forEach(held -> held.lock.unlock());
        }
    }

    private void update(Random random, Incident incident) throws Exception {
        Person actor = changer(random, incident);
        int n = counter.incrementAndGet();
        Content base = incident.content;
        ObjectNode body = JSON.createObjectNode();
        String message = "Point de situation " + marker(n, 'm', "update message " + n);
        body.putObject("message").put("fr", message);
        String title = base.title();
        String titleToken = base.titleToken();
        if (random.nextInt(100) < 75) {
            title = "Panne " + marker(n, 't', "updated title " + n);
            titleToken = token(title);
            body.putObject("title").put("fr", title);
        }
        String descriptionToken = base.descriptionToken();
        if (random.nextInt(100) < 20) {
            String description = "Nouvelle description " + marker(n, 'd', "updated description " + n);
            descriptionToken = token(description);
            body.putObject("description").put("fr", description);
        }
        String severity = base.severity();
        if (random.nextInt(100) < 18) {
            severity = "EXTREME";
            body.put("severity", severity);
        } else if (random.nextInt(100) < 15) {
            severity = severity(random, 0);
            body.put("severity", severity);
        }
        List<String> territories = base.territories();
        if (random.nextInt(100) < 8) {
            territories = List.of("FR");
            body.putArray("territories").add("FR");
        }
        String status = base.status();
        if (incident.stage == Stage.LIVE && random.nextInt(100) < 20) {
            status = status.equals("ACTIVE") ? "MONITORING" : "ACTIVE";
            body.put("status", status);
        }
        Content next = new Content(title, titleToken, descriptionToken, base.instructionsToken(), severity, territories, status);
        HttpResponse<String> response = sendChange(incident, actor, incidents + "/" + incident.id + "/updates",
                "application/json", body.toString());
        outcome("update-" + incident.stage.name().toLowerCase(), response);
        String what = "update #" + n + " by " + actor + (title.equals(base.title()) ? "" : " new title")
                + (severity.equals(base.severity()) ? "" : " severity " + severity)
                + (territories.equals(base.territories()) ? "" : " territories " + territories)
                + (status.equals(base.status()) ? "" : " status " + status);
        changed(incident, actor, what, response, next, List.of(token(message)));
    }

    private void close(Random random, Incident incident, String action) throws Exception {
        Person actor = changer(random, incident);
        int n = counter.incrementAndGet();
        String body = "{}";
        List<String> messageTokens = List.of();
        if (random.nextInt(100) < 70) {
            String message = (action.equals("cancel") ? "Annulation " : "Rétablissement ") + marker(n, 'm', action + " message " + n);
            body = JSON.createObjectNode().set("message", JSON.createObjectNode().put("fr", message)).toString();
            messageTokens = List.of(token(message));
        }
        HttpResponse<String> response = sendChange(incident, actor, incidents + "/" + incident.id + "/" + action,
                "application/json", body);
        outcome(action + "-" + incident.stage.name().toLowerCase(), response);
        Content base = incident.content;
        Content next = new Content(base.title(), base.titleToken(), base.descriptionToken(), base.instructionsToken(),
                base.severity(), base.territories(), action.equals("cancel") ? "CANCELLED" : "RESOLVED");
        changed(incident, actor, action + " #" + n + " by " + actor, response, next, messageTokens);
    }

    private void capUpdate(Random random, Incident incident, boolean allClear) throws Exception {
        Person actor = changer(random, incident);
        int n = counter.incrementAndGet();
        Content base = incident.content;
        // An all-clear resolves: it changes neither severity nor territories, so it sends the current ones.
        String severity = !allClear && random.nextInt(100) < 18 ? "EXTREME" : base.severity();
        List<String> territories = !allClear && random.nextInt(100) < 8 ? List.of("FR") : base.territories();
        // The headline repeats the current title, so the version's title is the same whether the service reads
        // the headline as the title or as part of the timeline message.
        String description = "Mise à jour CAP " + marker(n, 'm', "CAP Update " + n);
        String identifier = PREFIX + "-cap-" + n;
        String xml = capMessage(identifier, actor.capSender(), capNow(), "Actual", "Update", null, incident.capReference,
                severity, allClear ? "Past" : "Immediate", allClear, actor.authority(), base.title(), description, null,
                territories);
        capChange(incident, actor, allClear ? "CAP all-clear #" + n : "CAP Update #" + n + " " + severity + " " + territories,
                xml, allClear
                        ? new Content(base.title(), base.titleToken(), base.descriptionToken(), base.instructionsToken(),
                        severity, territories, "RESOLVED")
                        : new Content(base.title(), base.titleToken(), base.descriptionToken(), base.instructionsToken(),
                        severity, territories, base.status()),
                // The service writes "headline — description" into the timeline message, and the headline repeats the
                // current title: once this version is public, so is that title's text, even if a later draft edit
                // replaced the title before approval.
                java.util.stream.Stream.of(token(description), base.titleToken()).filter(java.util.Objects::nonNull).toList());
    }

    private void capCancel(Random random, Incident incident) throws Exception {
        Person actor = changer(random, incident);
        int n = counter.incrementAndGet();
        Content base = incident.content;
        String note = "Annulation CAP " + marker(n, 'm', "CAP Cancel " + n);
        String xml = capMessage(PREFIX + "-cap-" + n, actor.capSender(), capNow(), "Actual", "Cancel", note,
                incident.capReference, base.severity(), "Past", false, actor.authority(), base.title(), note, null,
                base.territories());
        capChange(incident, actor, "CAP Cancel #" + n, xml, new Content(base.title(), base.titleToken(),
                base.descriptionToken(), base.instructionsToken(), base.severity(), base.territories(), "CANCELLED"),
                List.of(token(note)));
    }

    /**
     * A CAP Update or Cancel names the incident by its Alert's (sender, identifier): every incident holding that pair
     * is locked (by rule there is one per authority), and the answer says which one changed.
     */
    private void capChange(Incident incident, Person actor, String what, String xml, Content next, List<String> tokens)
            throws Exception {
        String key = incident.capReference.substring(0, incident.capReference.lastIndexOf(','));
        List<Incident> others = capThreads.getOrDefault(key, List.of()).stream().filter(i -> i != incident)
                .sorted(Comparator.comparing(i -> i.id)).toList();
        List<Incident> locked = new ArrayList<>();
        try {
            for (Incident other : others) {
                if (!other.lock.tryLock()) {
                    return;
                }
                locked.add(other);
            }
            HttpResponse<String> response = send(actor, "POST", incidents, null, "application/cap+xml", xml);
            // CAP carries no If-Match: whatever changed, read the ETags again before the next JSON change.
            incident.etag = null;
            others.forEach(other -> other.etag = null);
            outcome("cap-" + (next.status().equals("CANCELLED") ? "cancel" : next.status().equals("RESOLVED") ? "allclear" : "update")
                    + "-" + incident.stage.name().toLowerCase(), response);
            Incident target = incident;
            if (response.statusCode() / 100 == 2) {
                target = model.getOrDefault(JSON.readTree(response.body()).path("id").asText(), incident);
                if (target != incident && !others.contains(target)) {
                    notes.add("cap-target-" + what, what + " by " + actor + " changed an unexpected incident " + target.id);
                    return;
                }
            }
            changed(target, actor, what + " by " + actor, response, target == incident ? next
                    : new Content(target.content.title(), target.content.titleToken(), target.content.descriptionToken(),
                    target.content.instructionsToken(), next.severity(), next.territories(),
                    next.status().equals("ACTIVE") || next.status().equals("MONITORING") ? target.content.status() : next.status()),
                    tokens);
        } finally {
            locked.forEach(i -> i.lock.unlock());
        }
    }

    /** Applies an accepted change to the model by rule: a draft stays a draft, a public incident may get a pending change. */
    private void changed(Incident incident, Person actor, String what, HttpResponse<String> response, Content next,
                         List<String> messageTokens) throws IOException {
        int status = response.statusCode();
        if (status / 100 != 2) {
            incident.log(what + " → " + status);
            return;
        }
        long version = JSON.readTree(response.body()).path("version").asLong();
        switch (incident.stage) {
            case DRAFT -> {
                if (next.status().equals("CANCELLED") || next.status().equals("RESOLVED")) {
                    incident.stage = Stage.DEAD;
                } else {
                    incident.content = next;
                    incident.draftMessageTokens.addAll(messageTokens);
                    incident.lastEditor = actor.subject();
                }
                incident.log(what + " → " + status + " (draft: never public until approved)");
            }
            case LIVE -> {
                boolean second = incident.declaredNeedingApproval || next.severity().equals("EXTREME") || next.national()
                        || actor.role() == Role.OPERATOR;
                // Stricter than the rule (a 202 where it would publish at once) publishes nothing: the model
                // follows it, and says so in a note. The reverse, a 200 where the rule asks for a second person, is
                // what the outputs must catch.
                if (second || status == 202) {
                    incident.pending = new Pending(next, messageTokens, actor.subject());
                    if (!second) {
                        notes.add("stricter-" + what, what + " is public at once by rule but answered 202 (kept pending)");
                    }
                    if (status == 202) {
                        // The answer is the incident's current public version: its number may have moved on.
                        incident.publicVersions.add(version);
                    } else {
                        notes.add("pending-" + what, what + " needs a second person but answered " + status);
                    }
                    incident.log(what + " → " + status + " (pending change by rule)");
                } else {
                    publish(incident, next, messageTokens, version);
                    if (status != 200) {
                        notes.add("immediate-" + what, what + " is public at once by rule but answered " + status);
                    }
                    incident.log(what + " → " + status + " v" + version + " public");
                }
            }
            default -> {
                if (incident.capExercise) {
                    // A released exercise is reached only through its CAP thread (a CAP Update or Cancel naming its
                    // Alert). A change releasable at once goes into its CAP message, marked Exercise, like the
                    // declaration; one needing a second person stays unreleased (the model never approves it).
                    boolean second = incident.declaredNeedingApproval || next.severity().equals("EXTREME")
                            || next.national() || actor.role() == Role.OPERATOR;
                    if (!second && status != 202) {
                        capOnly.addAll(next.tokens());
                        capOnly.addAll(messageTokens);
                    }
                    incident.log(what + " → " + status + " on a released exercise ("
                            + (!second && status != 202 ? "in its CAP message only" : "never released") + ")");
                    return;
                }
                notes.add("closed-" + what, what + " accepted (" + status + ") on a closed incident " + incident.id);
                incident.log(what + " → " + status + " on a closed incident (ignored by the model)");
            }
        }
    }

    /** Approve (or reject) a draft or a pending change; by rule only some may approve. */
    private void decide(Random random, Incident incident, boolean approve) throws Exception {
        Person actor = decider(random, incident);
        int n = counter.incrementAndGet();
        String url = incidents + "/" + incident.id + (approve ? "/approve" : "/reject");
        HttpResponse<String> response;
        List<String> tokens = List.of();
        if (!approve && random.nextInt(100) < 60) {
            String message = "Rejeté " + marker(n, 'r', "reject message " + n);
            tokens = List.of(token(message));
            response = sendChange(incident, actor, url, "application/json",
                    JSON.createObjectNode().set("message", JSON.createObjectNode().put("fr", message)).toString());
        } else {
            // An empty JSON object: the endpoint may take an optional body (reject's message) or none at all.
            response = sendChange(incident, actor, url, "application/json", "{}");
        }
        String kind = incident.stage == Stage.DRAFT ? "draft" : incident.pending != null ? "pending" : "nothing";
        outcome((approve ? "approve-" : "reject-") + kind, response);
        int status = response.statusCode();
        String what = (approve ? "approve" : "reject") + " #" + n + " of " + kind + " by " + actor;
        Content target = incident.stage == Stage.DRAFT ? incident.content : incident.pending != null ? incident.pending.content() : null;
        String editor = incident.stage == Stage.DRAFT ? incident.lastEditor : incident.pending != null ? incident.pending.proposer() : null;
        Boolean eligible = target == null ? Boolean.FALSE : eligible(actor, incident, target, editor);
        if (status / 100 != 2) {
            incident.log(what + " → " + status);
            if (approve && Boolean.TRUE.equals(eligible) && status != 412 && status != 409) {
                notes.add("refused-approval-" + n, what + " is allowed by rule but answered " + status);
            }
            return;
        }
        long version = JSON.readTree(response.body()).path("version").asLong();
        if (target == null) {
            notes.add("nothing-" + n, what + " answered " + status + " though nothing awaits a decision");
            incident.log(what + " → " + status + " (nothing to decide: ignored by the model)");
            return;
        }
        if (!approve) {
            // Rejecting never publishes: the model follows the service's acceptance whoever rejected.
            if (incident.stage == Stage.DRAFT) {
                incident.stage = Stage.DEAD;
            } else {
                // The public keeps the last approved version, whatever number the rejection gave it.
                incident.pending = null;
                incident.publicVersions.add(version);
            }
            incident.log(what + " → " + status + " (never public)");
            return;
        }
        if (eligible == null || eligible) {
            if (incident.stage == Stage.DRAFT) {
                Content approved = new Content(target.title(), target.titleToken(), target.descriptionToken(),
                        target.instructionsToken(), target.severity(), target.territories(), "ACTIVE");
                incident.stage = Stage.LIVE;
                publish(incident, approved, incident.draftMessageTokens, version);
            } else {
                Pending pending = incident.pending;
                incident.pending = null;
                publish(incident, pending.content(), pending.messageTokens(), version);
            }
            incident.log(what + " → " + status + " v" + version + " public");
        } else {
            // The service accepted an approval the rule forbids: the model keeps it unapproved, so whatever it
            // published shows up below as a violation.
            incident.log(what + " → " + status + " NOT an allowed approver: still unapproved by rule");
        }
    }

    /**
     * Whether the actor may approve: in scope, not an operator, not the author, not the last editor or proposer, a
     * ministry for a national one. Null when the rule does not say (the declarer approving someone else's pending
     * change): the model then follows the service.
     */
    private static Boolean eligible(Person actor, Incident incident, Content target, String editor) {
        List<String> territories = new ArrayList<>(target.territories());
        if (incident.stage == Stage.LIVE) {
            territories.addAll(incident.content.territories());
        }
        boolean national = territories.contains("FR");
        if (actor.role() == Role.OPERATOR || !actor.coversAll(territories) || (national && actor.role() != Role.MINISTRY)
                || actor.subject().equals(editor)) {
            return false;
        }
        if (actor.subject().equals(incident.author.subject())) {
            return incident.stage == Stage.DRAFT ? Boolean.FALSE : null;
        }
        return true;
    }

    private void publish(Incident incident, Content content, List<String> messageTokens, long version) {
        incident.content = content;
        incident.publicStates.add(content.title() + "|" + content.status());
        incident.publicVersions.add(version);
        allowed.addAll(content.tokens());
        allowed.addAll(messageTokens);
        if (content.status().equals("RESOLVED") || content.status().equals("CANCELLED")) {
            incident.stage = Stage.ENDED;
        }
    }

    /** Who changes: mostly the author or a colleague, sometimes anyone in scope, sometimes anyone at all. */
    private static Person changer(Random random, Incident incident) {
        int roll = random.nextInt(100);
        if (roll < 40) {
            return incident.author;
        }
        List<Person> colleagues = PEOPLE.stream().filter(p -> p.authority().equals(incident.author.authority())
                && p != incident.author).toList();
        if (roll < 55 && !colleagues.isEmpty()) {
            return colleagues.get(random.nextInt(colleagues.size()));
        }
        List<Person> inScope = PEOPLE.stream().filter(p -> p.coversAll(incident.content.territories())).toList();
        if (roll < 85 && !inScope.isEmpty()) {
            return inScope.get(random.nextInt(inScope.size()));
        }
        return PEOPLE.get(random.nextInt(PEOPLE.size()));
    }

    /** Who decides: the author or the last editor now and then (must fail), mostly someone in scope. */
    private static Person decider(Random random, Incident incident) {
        int roll = random.nextInt(100);
        if (roll < 15) {
            return incident.author;
        }
        String editor = incident.pending != null ? incident.pending.proposer() : incident.lastEditor;
        if (roll < 30 && editor != null) {
            return PEOPLE.stream().filter(p -> p.subject().equals(editor)).findFirst().orElseThrow();
        }
        List<String> territories = incident.pending != null ? incident.pending.content().territories() : incident.content.territories();
        List<Person> inScope = PEOPLE.stream().filter(p -> p.coversAll(territories) && p.role() != Role.OPERATOR).toList();
        if (roll < 85 && !inScope.isEmpty()) {
            return inScope.get(random.nextInt(inScope.size()));
        }
        return PEOPLE.get(random.nextInt(PEOPLE.size()));
    }

    private static List<String> declarationTerritories(Random random, Person actor) {
        int roll = random.nextInt(100);
        List<String> departments = DEPARTMENTS.keySet().stream().map(d -> "department:" + d).toList();
        List<String> communes = COMMUNES.keySet().stream().map(c -> "commune:" + c).toList();
        return switch (actor.role()) {
            case MINISTRY -> roll < 20 ? List.of("FR") : roll < 35
                    ? List.of(departments.get(random.nextInt(4)), departments.get(random.nextInt(4))).stream().distinct().toList()
                    : roll < 50 ? List.of(communes.get(random.nextInt(2))) : List.of(departments.get(random.nextInt(4)));
            case PREFECTURE -> {
                String own = actor.territories().getFirst();
                String code = own.substring("department:".length());
                List<String> ownCommunes = COMMUNES.entrySet().stream().filter(e -> e.getValue().equals(code))
                        .map(e -> "commune:" + e.getKey()).toList();
                yield roll < 8 ? List.of("FR") : roll < 16 ? List.of(departments.get(random.nextInt(4)))
                        : roll < 30 && !ownCommunes.isEmpty() ? ownCommunes : List.of(own);
            }
            case MAYOR -> roll < 12 ? List.of("department:" + COMMUNES.get(actor.territories().getFirst().substring(8)))
                    : actor.territories();
            case OPERATOR -> roll < 12 ? List.of(departments.get(random.nextInt(4)))
                    : List.of(actor.territories().get(random.nextInt(actor.territories().size())));
        };
    }

    private static String severity(Random random, int extremePercent) {
        int roll = random.nextInt(100);
        return roll < extremePercent ? "EXTREME" : roll < 60 ? "SEVERE" : roll < 85 ? "MODERATE" : "MINOR";
    }

    private String marker(int n, char kind, String origin) {
        String marker = PREFIX + "x" + n + kind;
        sent.put(marker, origin);
        return marker;
    }

    private static String token(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = MARKER.matcher(text);
        return m.find() ? m.group() : null;
    }

    private void outcome(String operation, HttpResponse<String> response) {
        outcomes.computeIfAbsent(operation + " " + response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
        if (response.statusCode() >= 500) {
            violations.add("5xx-" + operation + response.body(), "[API] " + operation + " answered " + response.statusCode()
                    + ": " + abbreviate(response.body()));
        }
    }

    /**
     * A change with If-Match: the ETag of the last answer, or read again when unknown or stale (another change may
     * have been accepted without this test's knowledge only if the service misbehaves; a 412 is retried once).
     */
    private HttpResponse<String> sendChange(Incident incident, Person actor, String url, String contentType, String body)
            throws Exception {
        if (incident.etag == null) {
            incident.etag = etag(incident);
        }
        HttpResponse<String> response = send(actor, "POST", url, incident.etag, contentType, body);
        if (response.statusCode() == 412) {
            incident.etag = etag(incident);
            response = send(actor, "POST", url, incident.etag, contentType, body);
        }
        if (response.statusCode() / 100 == 2) {
            incident.etag = response.headers().firstValue("ETag").orElse(null);
        }
        return response;
    }

    /** The incident's current ETag, read as a ministry (who may read everything). */
    private String etag(Incident incident) throws Exception {
        HttpResponse<String> current = send(ministry(), "GET", incidents + "/" + incident.id, null, null, null);
        return current.headers().firstValue("ETag").orElse("\"0\"");
    }

    private static String capNow() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(CAP_TIME);
    }

    static String capMessage(String identifier, String sender, String sent, String status, String msgType, String note,
                             String references, String severity, String urgency, boolean allClear, String senderName,
                             String headline, String description, String instruction, List<String> territories) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                """);
        xml.append("  <identifier>").append(identifier).append("</identifier>\n");
        xml.append("  <sender>").append(sender).append("</sender>\n");
        xml.append("  <sent>").append(sent).append("</sent>\n");
        xml.append("  <status>").append(status).append("</status>\n");
        xml.append("  <msgType>").append(msgType).append("</msgType>\n");
        xml.append("  <scope>Public</scope>\n");
        if (note != null) {
            xml.append("  <note>").append(note).append("</note>\n");
        }
        if (references != null) {
            xml.append("  <references>").append(references).append("</references>\n");
        }
        xml.append("  <info>\n    <language>fr-FR</language>\n    <category>Infra</category>\n");
        xml.append("    <event>Panne de service public</event>\n");
        if (allClear) {
            xml.append("    <responseType>AllClear</responseType>\n");
        }
        xml.append("    <urgency>").append(urgency).append("</urgency>\n");
        xml.append("    <severity>").append(severity.charAt(0)).append(severity.substring(1).toLowerCase()).append("</severity>\n");
        xml.append("    <certainty>Observed</certainty>\n");
        xml.append("    <eventCode><valueName>TOCSIN_SERVICE</valueName><value>15</value></eventCode>\n");
        if (senderName != null) {
            xml.append("    <senderName>").append(senderName).append("</senderName>\n");
        }
        xml.append("    <headline>").append(headline).append("</headline>\n");
        xml.append("    <description>").append(description).append("</description>\n");
        if (instruction != null) {
            xml.append("    <instruction>").append(instruction).append("</instruction>\n");
        }
        for (String territory : territories) {
            String code = territory.equals("FR") ? "FR" : territory.substring(territory.indexOf(':') + 1);
            xml.append("    <area><areaDesc>").append(territory).append("</areaDesc><geocode><valueName>")
                    .append(territory.equals("FR") ? "ISO3166-1" : "INSEE").append("</valueName><value>").append(code)
                    .append("</value></geocode></area>\n");
        }
        xml.append("  </info>\n</alert>\n");
        return xml.toString();
    }

    // ---- social accounts ------------------------------------------------------------------------------------------

    /**
     * Partner webhooks pointing at WireMock: one national, one for the Calvados. Kept in one place: how accounts and
     * their hosts are configured is changing (issue #14, finding 6).
     */
    private void registerPartnerWebhooks() throws Exception {
        for (String territory : List.of("FR", "department:14")) {
            ObjectNode account = JSON.createObjectNode().put("network", "WEBHOOK").put("territory", territory)
                    .put("name", "Partenaire " + territory).put("baseUrl", partners.baseUrl() + "/hooks/" + territory.replace(':', '-'))
                    .put("credentials", WEBHOOK_CREDENTIALS);
            HttpResponse<String> created = send(ministry(), "POST", broadcast + "/api/v1/social-accounts", null,
                    "application/json", account.toString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    private List<LoggedRequest> webhookPosts() {
        return partners.findAll(postRequestedFor(urlPathMatching("/hooks/.*")));
    }

    // ---- observing the public side ---------------------------------------------------------------------------------

    /** The national SSE stream, opened before the first operation and read until the end. */
    private void readStream() {
        try {
            HttpResponse<Stream<String>> stream = HTTP.send(HttpRequest.newBuilder(URI.create(publicSide + "/api/v1/notices/stream"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            StringBuilder event = new StringBuilder();
            stream.body().forEach(line -> {
                if (line.startsWith("data:")) {
                    event.append(line.substring(5).strip());
                } else if (line.isEmpty() && !event.isEmpty()) {
                    sseEvents.incrementAndGet();
                    observeNotices(event.toString(), "SSE event " + sseEvents.get());
                    event.setLength(0);
                }
            });
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (running.get()) {
                violations.add("sse-ended", "[SSE] the stream ended during the run: " + e);
            }
        }
    }

    /** Reads the national notices and feeds throughout the run: a leak that is later withdrawn is still a leak. */
    private void sample() {
        List<String> urls = List.of("/api/v1/notices", "/feeds/incidents.atom", "/feeds/cap.atom", "/");
        int i = 0;
        while (running.get()) {
            String path = urls.get(i++ % urls.size());
            try {
                HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(publicSide + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                samples.incrementAndGet();
                if (path.equals("/api/v1/notices")) {
                    observeNotices(page.body(), "sample " + samples.get() + " of " + path);
                } else {
                    observeMarkers(page.body(), "sample " + samples.get() + " of " + path);
                }
                Thread.sleep(250);
            } catch (IOException e) {
                // The public side under load may refuse a sample: the next one comes soon.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void observeMarkers(String body, String where) {
        Map<String, String> seen = where.contains("/cap/") || where.contains("/feeds/cap.atom") ? seenCapMarkers : seenMarkers;
        Matcher m = MARKER.matcher(body);
        while (m.find()) {
            seen.putIfAbsent(m.group(), where);
        }
    }

    private void observeNotices(String json, String where) {
        observeMarkers(json, where);
        try {
            for (JsonNode notice : JSON.readTree(json).path("incidents")) {
                String key = notice.path("id").asText() + "|" + notice.path("version").asLong() + "|"
                        + notice.path("status").asText() + "|" + notice.path("title").path("fr").asText() + "|"
                        + notice.path("authority").asText();
                seenNotices.putIfAbsent(key, where);
            }
        } catch (IOException e) {
            violations.add("json-" + where, "[" + where + "] not JSON: " + abbreviate(json));
        }
    }

    /** Waits until the public notices show exactly the model's incidents in force, in their last public version. */
    private void settle() {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> mismatches(get(publicSide + "/api/v1/notices").body()).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Reported below as violations: the final state differs from the model's.
        }
        AtomicInteger last = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3))
                .until(() -> last.getAndSet(webhookPosts().size()) == webhookPosts().size());
    }

    /** Differences between the national notices and the model's final public state. */
    private List<String> mismatches(String notices) throws IOException {
        Map<String, JsonNode> shown = new ConcurrentHashMap<>();
        for (JsonNode notice : JSON.readTree(notices).path("incidents")) {
            shown.put(notice.path("id").asText(), notice);
        }
        List<String> differences = new ArrayList<>();
        for (Incident incident : model.values()) {
            JsonNode notice = shown.get(incident.id);
            boolean inForce = incident.everPublic() && (incident.stage == Stage.LIVE);
            if (inForce) {
                if (notice == null) {
                    differences.add(incident.id + ": in force by rule (\"" + incident.content.title() + "\" "
                            + incident.content.status() + ") but not in the notices");
                } else if (!notice.path("title").path("fr").asText().equals(incident.content.title())
                        || !notice.path("status").asText().equals(incident.content.status())) {
                    differences.add(incident.id + ": notices show \"" + notice.path("title").path("fr").asText() + "\" "
                            + notice.path("status").asText() + " v" + notice.path("version").asLong()
                            + ", last public version by rule is \"" + incident.content.title() + "\" " + incident.content.status());
                }
            } else if (notice != null) {
                differences.add(incident.id + ": not in force by rule (" + incident.stage
                        + (incident.everPublic() ? "" : ", never public") + ") but in the notices as \""
                        + notice.path("title").path("fr").asText() + "\" " + notice.path("status").asText());
            }
        }
        return differences;
    }

    private void scanFinalOutputs() throws Exception {
        mismatches(get(publicSide + "/api/v1/notices").body()).forEach(d -> violations.add("final-" + d.substring(0, 36),
                "[final state, /api/v1/notices] " + d + "\n      history: " + historyOf(d.substring(0, 36))));
        List<String> territories = new ArrayList<>(List.of("FR"));
        DEPARTMENTS.keySet().forEach(d -> territories.add("department:" + d));
        COMMUNES.keySet().forEach(c -> territories.add("commune:" + c));
        for (String territory : territories) {
            observeNotices(get(publicSide + "/api/v1/notices?territory=" + territory).body(), "/api/v1/notices?territory=" + territory);
            observeMarkers(get(publicSide + "/feeds/incidents.atom?territory=" + territory).body(), "/feeds/incidents.atom?territory=" + territory);
            observeMarkers(get(publicSide + "/feeds/incidents.rss?territory=" + territory).body(), "/feeds/incidents.rss?territory=" + territory);
        }
        List<String> pages = new ArrayList<>(List.of("/", "/feeds/incidents.atom", "/feeds/incidents.rss", "/feeds/cap.atom"));
        DEPARTMENTS.keySet().forEach(d -> {
            pages.add("/departements/" + d);
            pages.add("/departements/" + d + "/imprimer");
            pages.add("/widget/departements/" + d);
        });
        COMMUNES.keySet().forEach(c -> pages.add("/communes/" + c));
        for (String page : pages) {
            observeMarkers(get(publicSide + page).body(), page);
        }
        for (Incident incident : model.values()) {
            HttpResponse<String> page = get(publicSide + "/incidents/" + incident.id);
            observeMarkers(page.body(), "/incidents/" + incident.id);
            HttpResponse<String> cap = get(publicSide + "/cap/" + incident.id + ".xml");
            observeMarkers(cap.body(), "/cap/" + incident.id + ".xml");
            if (!incident.everPublic()) {
                if (page.statusCode() != 404) {
                    violation(incident, "/incidents/" + incident.id, "never public by rule (" + incident.stage
                            + ") but its page answers " + page.statusCode());
                }
                boolean exerciseCap = incident.capExercise && cap.body().contains("<status>Exercise</status>");
                if (cap.statusCode() != 404 && !exerciseCap) {
                    violation(incident, "/cap/" + incident.id + ".xml", "never public by rule (" + incident.stage
                            + ") but served as CAP " + capSummary(cap.body()));
                }
            } else {
                checkCap(incident, cap);
            }
            checkDeliveries(incident);
        }
        for (LoggedRequest post : webhookPosts()) {
            String body = post.getBodyAsString();
            observeMarkers(body, "webhook " + post.getUrl() + " " + post.getHeader("webhook-id"));
            JsonNode event = JSON.readTree(body);
            Incident incident = model.get(event.path("subject").asText());
            if (incident != null && !incident.publicVersions.contains(event.path("version").asLong())) {
                violation(incident, "webhook " + post.getUrl(), "posted version " + event.path("version").asLong()
                        + ", public versions by rule " + incident.publicVersions + ": " + abbreviate(event.path("text").asText()));
            }
        }
    }

    /** The CAP message of a public incident: the declarer's authority and its last public version. */
    private void checkCap(Incident incident, HttpResponse<String> cap) {
        String where = "/cap/" + incident.id + ".xml";
        if (cap.statusCode() != 200) {
            violation(incident, where, "public by rule but CAP answers " + cap.statusCode());
            return;
        }
        String body = cap.body();
        Matcher senderName = Pattern.compile("<senderName>([^<]*)</senderName>").matcher(body);
        while (senderName.find()) {
            if (!senderName.group(1).equals(incident.author.authority())) {
                violation(incident, where, "senderName \"" + senderName.group(1) + "\" but the declaring token's authority is \""
                        + incident.author.authority() + "\"");
            }
        }
        Matcher headline = Pattern.compile("<headline>([^<]*)</headline>").matcher(body);
        String title = headline.find() ? headline.group(1) : "";
        String msgType = body.contains("<msgType>Cancel</msgType>") ? "CANCELLED" : body.contains("AllClear") ? "RESOLVED" : "in force";
        String expected = switch (incident.content.status()) {
            case "CANCELLED", "RESOLVED" -> incident.content.status();
            default -> "in force";
        };
        if (!title.equals(incident.content.title()) || !msgType.equals(expected)) {
            violation(incident, where, "CAP shows \"" + title + "\" " + msgType + ", last public version by rule is \""
                    + incident.content.title() + "\" " + incident.content.status());
        }
    }

    /** The ledger: nothing planned for an incident never public, and only versions public by rule. */
    private void checkDeliveries(Incident incident) throws Exception {
        HttpResponse<String> ledger = send(ministry(), "GET", broadcast + "/api/v1/deliveries?incident=" + incident.id, null, null, null);
        if (ledger.statusCode() != 200) {
            violation(incident, "/api/v1/deliveries", "the ministry cannot read the ledger: " + ledger.statusCode());
            return;
        }
        for (JsonNode delivery : JSON.readTree(ledger.body())) {
            long version = delivery.path("version").asLong();
            if (!incident.publicVersions.contains(version)) {
                violation(incident, "/api/v1/deliveries?incident=" + incident.id, delivery.path("kind").asText()
                        + " post of version " + version + " to " + delivery.path("account").asText() + " ("
                        + delivery.path("status").asText() + "), public versions by rule " + incident.publicVersions);
            }
        }
    }

    /** Compares everything observed with the model, once it is final. */
    private void judge() {
        Map<String, String> seen = new LinkedHashMap<>(seenMarkers);
        seenCapMarkers.forEach((marker, where) -> {
            if (!capOnly.contains(marker)) {
                seen.putIfAbsent(marker, where);
            }
        });
        seen.forEach((marker, where) -> {
            if (!allowed.contains(marker) && sent.containsKey(marker)) {
                Matcher m = MARKER.matcher(marker);
                String incidentId = m.matches() ? model.values().stream()
                        .filter(i -> i.history.stream().anyMatch(h -> h.contains("#" + m.group(1) + " ")))
                        .map(i -> i.id).findFirst().orElse("?") : "?";
                violations.add("marker-" + marker, "[" + where + "] text never public by rule: " + marker + " ("
                        + sent.get(marker) + ")" + (incidentId.equals("?") ? "" : "\n      incident " + incidentId
                        + " history: " + historyOf(incidentId)));
            }
        });
        seenNotices.forEach((key, where) -> {
            String[] parts = key.split("\\|", 5);
            Incident incident = model.get(parts[0]);
            if (incident == null) {
                return;
            }
            if (!incident.everPublic()) {
                violation(incident, where, "never public by rule (" + incident.stage + ") but shown: v" + parts[1] + " "
                        + parts[2] + " \"" + parts[3] + "\"");
            } else if (!incident.publicStates.contains(parts[3] + "|" + parts[2])
                    || !incident.publicVersions.contains(Long.parseLong(parts[1]))) {
                violation(incident, where, "shown v" + parts[1] + " " + parts[2] + " \"" + parts[3]
                        + "\", not a version public by rule " + incident.publicVersions + " " + incident.publicStates);
            }
            if (!parts[4].equals(incident.author.authority())) {
                violation(incident, where, "authority \"" + parts[4] + "\" but the declaring token's is \""
                        + incident.author.authority() + "\"");
            }
        });
    }

    /** The earliest operation a violation names (its marker, else its incident's first operation). */
    private static int operation(String violation) {
        Matcher marker = MARKER.matcher(headline(violation));
        if (marker.find()) {
            return Integer.parseInt(marker.group(1));
        }
        Matcher step = Pattern.compile("#(\\d+)").matcher(violation);
        return step.find() ? Integer.parseInt(step.group(1)) : Integer.MAX_VALUE;
    }

    /** The violation's first line: the rest is the incident's history, whose words must not classify it. */
    private static String headline(String violation) {
        int end = violation.indexOf('\n');
        return end < 0 ? violation : violation.substring(0, end);
    }

    private static String kind(String text) {
        String violation = headline(text);
        String where = violation.substring(1, violation.indexOf(']')).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}")
                .replaceAll("\\d+", "#").replaceAll("\\?.*", "");
        String what = violation.contains("text never public by rule") ? "text never public"
                : violation.contains("never public by rule") ? "never-public incident shown"
                : violation.contains("CAP idempotency") ? "CAP idempotency"
                : violation.startsWith("[API]") ? "server error"
                : violation.contains("authority") || violation.contains("senderName") ? "authority"
                : "version not public by rule";
        return what + " @ " + where.replaceAll("^sample # of ", "sample ");
    }

    private static int rank(String text) {
        String violation = headline(text);
        return violation.contains("text never public by rule") ? 0 : violation.contains("never public by rule") ? 1
                : violation.contains("authority") || violation.contains("senderName") ? 2
                : violation.startsWith("[API]") ? 4 : 3;
    }

    private void violation(Incident incident, String where, String what) {
        violations.add(incident.id + "|" + what.replaceAll("\\d+", "#"), "[" + where + "] incident " + incident.id + ": " + what
                + "\n      history: " + String.join(" ; ", incident.history));
    }

    private String historyOf(String id) {
        Incident incident = model.get(id);
        return incident == null ? "?" : String.join(" ; ", incident.history);
    }

    private static String capSummary(String xml) {
        Matcher type = Pattern.compile("<msgType>([^<]*)</msgType>").matcher(xml);
        Matcher status = Pattern.compile("<status>([^<]*)</status>").matcher(xml);
        Matcher headline = Pattern.compile("<headline>([^<]*)</headline>").matcher(xml);
        return (type.find() ? type.group(1) : "?") + "/" + (status.find() ? status.group(1) : "?") + " \""
                + (headline.find() ? headline.group(1) : "?") + "\"" + (xml.contains("Signature") ? ", signed" : "");
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------------

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 503 || attempt == 10) {
                return response;
            }
            Thread.sleep(200);
        }
    }

    /**
     * One call as a person. Every POST carries an Idempotency-Key, so a call whose answer was lost is sent again and
     * gets the first answer: the model never guesses whether a change happened.
     */
    private static HttpResponse<String> send(Person person, String method, String url, String ifMatch, String contentType,
                                             String body) throws IOException, InterruptedException {
        String key = UUID.randomUUID().toString();
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + person.token())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            if (method.equals("POST")) {
                request.header("Idempotency-Key", key);
            }
            try {
                return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

}
