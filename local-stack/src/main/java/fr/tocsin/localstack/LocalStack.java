package fr.tocsin.localstack;

import fr.tocsin.contracts.Topics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The whole system on one machine: a real PostgreSQL (or an external one), a real Kafka broker (or an
 * external one) and the four services from their packaged jars, each in its own child JVM.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * @param home         where data and logs live (git-ignored); kept across runs unless {@code fresh}
     * @param jdbcUrl      an external PostgreSQL admin URL, or null for the embedded server
     * @param kafka        external bootstrap servers, or null for the embedded broker
     * @param serviceArgs  extra {@code -Dkey=value} options for every service (tests tune timings with it)
     * @param aotCache     where each service's JDK AOT cache lives (null: none), see {@link #aotOptions}
     */
    public record Options(Path projectRoot, Path home, boolean fresh, String jdbcUrl, String jdbcUser,
                          String jdbcPassword, String kafka, int postgresPort, int kafkaPort, int kafkaControllerPort,
                          List<ServiceSpec> services, List<String> serviceArgs, Consumer<String> progress, Path aotCache) {

        public Options(Path projectRoot, Path home, boolean fresh, String jdbcUrl, String jdbcUser,
                       String jdbcPassword, String kafka, int postgresPort, int kafkaPort, int kafkaControllerPort,
                       List<ServiceSpec> services, List<String> serviceArgs, Consumer<String> progress) {
            this(projectRoot, home, fresh, jdbcUrl, jdbcUser, jdbcPassword, kafka, postgresPort, kafkaPort,
                    kafkaControllerPort, services, serviceArgs, progress, null);
        }

        public static Options defaults(Path projectRoot) {
            return new Options(projectRoot, projectRoot.resolve(".tocsin"), false, null, PostgresServer.USER, "", null,
                    15432, 19092, 19093, ServiceSpec.defaults(), List.of(), message -> { });
        }

        /** Any free ports and a throw-away home: for tests running beside a developer's stack. */
        public static Options isolated(Path projectRoot, Path home) {
            List<ServiceSpec> services = ServiceSpec.defaults().stream().map(s -> s.withPort(Ports.freePort())).toList();
            return new Options(projectRoot, home, true, null, PostgresServer.USER, "", null, Ports.freePort(),
                    Ports.freePort(), Ports.freePort(), services, List.of(), message -> { });
        }

        public Options withProgress(Consumer<String> newProgress) {
            return new Options(projectRoot, home, fresh, jdbcUrl, jdbcUser, jdbcPassword, kafka, postgresPort,
                    kafkaPort, kafkaControllerPort, services, serviceArgs, newProgress, aotCache);
        }

        public Options withServiceArgs(List<String> args) {
            return new Options(projectRoot, home, fresh, jdbcUrl, jdbcUser, jdbcPassword, kafka, postgresPort,
                    kafkaPort, kafkaControllerPort, services, args, progress, aotCache);
        }

        public Options withAotCache(Path directory) {
            return new Options(projectRoot, home, fresh, jdbcUrl, jdbcUser, jdbcPassword, kafka, postgresPort,
                    kafkaPort, kafkaControllerPort, services, serviceArgs, progress, directory);
        }
    }

    /**
     * Every service's JVM options. C1 only, so services start fast on a small machine (tests start many);
     * {@code ./tocsin start} adds {@link #PRODUCTION_JVM} to run what production runs, benchmarks at least
     * {@link #PRODUCTION_JIT}.
     */
    private static final List<String> SERVICE_JVM = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            // jboss-threads resets thread locals through java.lang internals on Java 24+ (as the images' entrypoint)
            "--add-opens", "java.base/java.lang=ALL-UNNAMED");
    /** Full tiered compilation (C2), as production runs; as a service argument it overrides C1 only (the last wins). */
    public static final String PRODUCTION_JIT = "-XX:TieredStopAtLevel=4";
    /**
     * The JVM options production runs every service with (the images' {@code JDK_JAVA_OPTIONS}, k8s/base/config.yaml):
     * C2; SerialGC, the collector for a small heap on a core or two; a fixed 128 MiB heap (the live set after a soak is
     * 30–60 MiB; a 256 MiB heap only fed RSS); 512 KiB thread stacks. {@code ./tocsin start} runs them;
     * bench/startup.sh measures them against the previous options (docs/HARDENING.md#memory-and-start).
     */
    public static final List<String> PRODUCTION_JVM = List.of(PRODUCTION_JIT, "-XX:+UseSerialGC", "-Xms128m", "-Xmx128m",
            "-Xss512k", "-XX:+ExitOnOutOfMemoryError");
    /** Fewer glibc malloc arenas than the default 8 per core: the services allocate little natively. */
    public static final Map<String, String> PRODUCTION_ENV = Map.of("MALLOC_ARENA_MAX", "2");
    /** A JVM that writes its AOT cache at exit forks an assembly step first: give it time before SIGKILL. */
    private static final Duration AOT_WRITE_GRACE = Duration.ofSeconds(120);

    private final Options options;
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private String adminJdbcUrl;
    private String bootstrapServers;
    private final Map<String, ChildProcess> services = new LinkedHashMap<>();
    private final List<ServiceSpec> extraInstances = new ArrayList<>();
    private final Map<String, ServiceFront> fronts = new LinkedHashMap<>();
    /** Per instance key: when its current JVM was launched and when it first answered ready. */
    private final Map<String, Instant> launchedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Instant> readyAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** Processes recording an AOT cache, written when they exit. */
    private final Map<Path, ChildProcess> recording = new java.util.concurrent.ConcurrentHashMap<>();
    private SmscServer smsc;
    private MailServer mail;
    private MessageInbox inbox;
    private LocalIssuer issuer;

    /** The local SMSC's account: broadcast-service binds with it (local only, not a secret). */
    public static final String SMSC_SYSTEM_ID = "tocsin";
    public static final String SMSC_PASSWORD = "localpw"; // SMPP 3.4: 8 characters at most
    /** Preferred ports of the local SMSC, SMTP server and inbox; any free one when taken (another stack, a test). */
    static final int SMSC_PORT = 12775;
    static final int SMTP_PORT = 12525;
    static final int INBOX_PORT = 18025;

    private LocalStack(Options options) {
        this.options = options;
    }

    /** Starts everything and waits until every service is ready; on failure stops what it started. */
    public static LocalStack start(Options options) {
        Jdk.requireSupportedVersion();
        LocalStack stack = new LocalStack(options);
        try {
            stack.startServers();
            stack.startServices();
            return stack;
        } catch (RuntimeException | IOException | SQLException e) {
            stack.close();
            if (e instanceof StackException se) {
                throw se;
            }
            throw new StackException(e.getMessage(), e);
        }
    }

    private void startServers() throws IOException, SQLException {
        Files.createDirectories(options.home());
        if (options.jdbcUrl() == null) {
            PostgresServer.stopLeftover(options.home().resolve("postgres"));
            Ports.requireFree(options.postgresPort(), "PostgreSQL");
            options.progress().accept("Starting PostgreSQL on port " + options.postgresPort() + " …");
            postgres = PostgresServer.start(options.home().resolve("postgres"), options.postgresPort(), !options.fresh());
            adminJdbcUrl = postgres.adminJdbcUrl();
        } else {
            options.progress().accept("Using PostgreSQL at " + options.jdbcUrl());
            adminJdbcUrl = options.jdbcUrl();
        }
        for (ServiceSpec service : options.services()) {
            PostgresServer.ensureDatabase(adminJdbcUrl, options.jdbcUser(), options.jdbcPassword(), service.database());
            MigrationCheck.requireKnownHistory(options.projectRoot(), service,
                    PostgresServer.databaseUrl(adminJdbcUrl, service.database()), options.jdbcUser(), options.jdbcPassword());
        }
        if (options.kafka() == null) {
            options.progress().accept("Starting Kafka (KRaft) on port " + options.kafkaPort() + " …");
            kafka = KafkaBroker.start(options.home().resolve("kafka"), options.kafkaPort(),
                    options.kafkaControllerPort(), !options.fresh());
            bootstrapServers = kafka.bootstrapServers();
            kafka.createTopics(List.of(Topics.INCIDENTS, Topics.FALLBACK_NUMBERS));
        } else {
            options.progress().accept("Using Kafka at " + options.kafka());
            bootstrapServers = options.kafka();
        }
        smsc = SmscServer.start(preferred(SMSC_PORT), SMSC_SYSTEM_ID, SMSC_PASSWORD);
        mail = MailServer.start(preferred(SMTP_PORT));
        inbox = MessageInbox.start(preferred(INBOX_PORT), smsc, mail);
        options.progress().accept("SMSC (SMPP) on port " + smsc.port() + ", SMTP on port " + mail.port()
                + ", what they received at " + inbox.url());
        issuer = LocalIssuer.start(preferred(LocalIssuer.PORT), JwtKeys.loadOrCreate(keysDirectory()), options.home());
        options.progress().accept("OpenID Connect provider at " + issuer.url() + " (sign-in page: pick a person)");
    }

    /** A key the services need (audit chain, CAP signing), generated once per stack home and kept owner-only. */
    private String generated(String name, Supplier<String> generator) throws IOException {
        Path file = keysDirectory().resolve(name);
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generator.get());
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        }
        return Files.readString(file).trim();
    }

    /** Where the local issuer's key pair lives; {@code ./tocsin token} signs with it. */
    public Path keysDirectory() {
        return options.home().resolve("keys");
    }

    /**
     * How long a service may take to become ready: 300 s (four JVMs starting together on a small shared machine can
     * take minutes), or {@code -Dtocsin.stack.ready-timeout-seconds} for a machine loaded even more.
     */
    private static Duration readyTimeout() {
        return Duration.ofSeconds(Long.getLong("tocsin.stack.ready-timeout-seconds", 300));
    }

    private void startServices() throws IOException {
        JwtKeys.loadOrCreate(keysDirectory());
        for (ServiceSpec service : options.services()) {
            Path jar = service.runJar(options.projectRoot());
            if (!Files.isRegularFile(jar)) {
                throw new StackException(service.name() + " is not built (" + jar + " is missing): run ./mvnw package -DskipTests");
            }
            Ports.requireFree(service.port(), service.name());
        }
        for (ServiceSpec service : options.services()) {
            options.progress().accept("Starting " + service.name() + " on port " + service.port() + " …");
            services.put(service.name(), launch(service, service.name()));
        }
        // All at once, so each one's ready instant is seen when it happens, not after the slower ones before it.
        Map<String, ServiceSpec> pending = new LinkedHashMap<>();
        options.services().forEach(service -> pending.put(service.name(), service));
        Duration timeout = readyTimeout();
        Instant deadline = Instant.now().plus(timeout);
        while (!pending.isEmpty()) {
            for (var it = pending.values().iterator(); it.hasNext(); ) {
                ServiceSpec service = it.next();
                if (isReady(service, services.get(service.name()), service.name())) {
                    it.remove();
                    options.progress().accept(String.format("%s is ready (%.1f s after its JVM started)",
                            service.name(), startup(service.name()).toMillis() / 1e3));
                }
            }
            if (Instant.now().isAfter(deadline)) {
                ServiceSpec late = pending.values().iterator().next();
                throw new StackException(late.name() + " was not ready within " + timeout.toSeconds() + " s. Last lines of "
                        + services.get(late.name()).logFile() + ":\n" + services.get(late.name()).logTail(25));
            }
            pause(100);
        }
    }

    /**
     * From the launch of a service's current JVM to its first ready answer ({@code /q/health/ready} UP), polled
     * every 100 ms; null while it is not ready.
     */
    public Duration startup(String instanceName) {
        Instant launched = launchedAt.get(instanceName);
        Instant ready = readyAt.get(instanceName);
        return launched == null || ready == null ? null : Duration.between(launched, ready);
    }

    /** Whether the services launched from now on use the AOT cache (benchmarks compare with and without it). */
    public void useAotCache(boolean use) {
        aotCacheInUse = use;
    }

    private volatile boolean aotCacheInUse = true;

    /** JVM options added to the services launched from now on (the start profile's agent); none by default. */
    public void addJvmOptions(List<String> jvmOptions) {
        extraJvm = List.copyOf(jvmOptions);
    }

    private volatile List<String> extraJvm = List.of();

    private List<String> aotOptions(ServiceSpec service) throws IOException {
        if (options.aotCache() == null || !aotCacheInUse || Runtime.version().feature() < 25) {
            return List.of();
        }
        Path cache = options.aotCache().resolve(service.name() + ".aot");
        ChildProcess trainer = recording.get(cache);
        return aotOptions(cache, service.runJar(options.projectRoot()).getParent(), trainer != null && trainer.isAlive());
    }

    /**
     * JVM options for the service's AOT cache (JDK 24+, JEP 483/514/515) when the stack keeps one: the cache if it
     * was trained on this very build, else a training run that writes it when this JVM exits (the first start after a
     * change trains, the next ones use it). docs/HARDENING.md#memory-and-start says what it gains. "This very build"
     * is the build's content, not its files' times: {@code ./tocsin start} repackages every service on each run, and
     * with reproducible builds an unchanged source gives the same bytes, so a time rule retrained on every start.
     *
     * @param app      the service's build (its fast-jar directory)
     * @param training whether another instance is writing this cache already (then this one runs without)
     */
    static List<String> aotOptions(Path cache, Path app, boolean training) throws IOException {
        String build = buildFingerprint(app);
        Path trainedOn = cache.resolveSibling(cache.getFileName() + ".build");
        if (Files.isRegularFile(cache) && Files.isRegularFile(trainedOn)
                && Files.readString(trainedOn).equals(build)) {
            return List.of("-XX:AOTCache=" + cache);
        }
        if (training) {
            return List.of();
        }
        Files.createDirectories(cache.getParent());
        Files.deleteIfExists(cache);
        Files.writeString(trainedOn, build);
        return List.of("-XX:AOTCacheOutput=" + cache);
    }

    /**
     * SHA-256 over the build's file names and contents; third-party libraries (versioned names, never rebuilt) count
     * by name and size only, which keeps this under a tenth of a second per service.
     */
    static String buildFingerprint(Path app) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (var walk = Files.walk(app)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = app.relativize(file).toString().replace('\\', '/');
            sha.update((name + '\0').getBytes(StandardCharsets.UTF_8));
            boolean thirdParty = name.startsWith("lib/") && !name.contains("fr.tocsin");
            if (thirdParty) {
                sha.update(Long.toString(Files.size(file)).getBytes(StandardCharsets.UTF_8));
            } else {
                sha.update(Files.readAllBytes(file));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted", e);
        }
    }

    /**
     * Starts one more instance of a service — same database, same Kafka, another port — as Kubernetes would
     * scale it out; stopped with the stack.
     */
    public ServiceSpec startAnotherInstance(String serviceName) {
        ServiceSpec extra = service(serviceName).withPort(Ports.freePort());
        String name = serviceName + "-" + extra.port();
        options.progress().accept("Starting another " + serviceName + " on port " + extra.port() + " …");
        try {
            ChildProcess process = launch(extra, name);
            services.put(name, process);
            awaitReady(extra, process, readyTimeout());
            extraInstances.add(extra);
            ServiceFront front = fronts.get(serviceName);
            if (front != null) {
                front.add(extra.url());
            }
        } catch (IOException e) {
            throw new StackException("Cannot start another " + serviceName + ": " + e.getMessage(), e);
        }
        return extra;
    }

    private ChildProcess launch(ServiceSpec service, String instanceName) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(service.port()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        if (service.database() != null) { // the console has none
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(service.database()));
            env.put("QUARKUS_DATASOURCE_USERNAME", options.jdbcUser());
            env.put("QUARKUS_DATASOURCE_PASSWORD", options.jdbcPassword());
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        }
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", JwtKeys.publicKeyFile(keysDirectory()).toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", JwtKeys.ISSUER);
        // Tests and benchmarks drive the local stack as one client at a time: no per-client limit here.
        env.put("TOCSIN_RATE_LIMIT_REQUESTS_PER_MINUTE", "1000000");
        env.put("TOCSIN_RATE_LIMIT_BURST", "1000000");
        // Its network stubs listen on 127.0.0.1 over http, which production refuses as a destination.
        env.put("TOCSIN_SOCIAL_ALLOW_INSECURE_DESTINATIONS", "true");
        // One audit-chain key per service, as in Kubernetes (incident-service's file keeps its first name).
        env.put("TOCSIN_AUDIT_KEY", generated("incident-service".equals(service.name()) ? "audit.key"
                : "audit-" + service.name() + ".key", () -> {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return Base64.getEncoder().encodeToString(key);
        }));
        env.put("TOCSIN_CAP_SIGNING_PRIVATE_KEY", generated("cap-signing.pem", () -> JwtKeys.generate().privateKeyPem()));
        if (options.serviceArgs().containsAll(PRODUCTION_JVM)) {
            env.putAll(PRODUCTION_ENV); // production's environment goes with its JVM options
        }
        if ("broadcast-service".equals(service.name())) {
            // The subscribers' channels go to the local SMSC and SMTP server.
            env.put("TOCSIN_SMS_SMPP_HOST", "127.0.0.1");
            env.put("TOCSIN_SMS_SMPP_PORT", String.valueOf(smsc.port()));
            env.put("TOCSIN_SMS_SMPP_SYSTEM_ID", SMSC_SYSTEM_ID);
            env.put("TOCSIN_SMS_SMPP_PASSWORD", SMSC_PASSWORD);
            env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
            env.put("QUARKUS_MAILER_PORT", String.valueOf(mail.port()));
            env.put("QUARKUS_MAILER_MOCK", "false");
            // Demo and tests subscribe ARCEP's fiction mobiles (06 39 98), which libphonenumber knows as unassigned.
            env.put("TOCSIN_SUBSCRIPTIONS_ACCEPT_FICTION_NUMBERS", "true");
            env.put("TOCSIN_SUBSCRIPTIONS_BASE_URL", service.url());
            // The public pages whose subscription form posts here (the origin its pages accept a form from).
            url("dissemination-service").ifPresent(url -> env.put("TOCSIN_PUBLIC_BASE_URL", url));
        }
        if ("dissemination-service".equals(service.name())) {
            // Where the pages' subscription form posts: broadcast-service's pages (one public host in production).
            url("broadcast-service").ifPresent(url -> env.put("TOCSIN_PUBLIC_SUBSCRIPTIONS_URL", url));
        }
        if (ServiceSpec.CONSOLE.equals(service.name())) {
            env.putAll(consoleEnvironment());
        }
        List<String> jvm = new ArrayList<>(SERVICE_JVM);
        jvm.addAll(options.serviceArgs());
        List<String> aot = aotOptions(service);
        jvm.addAll(aot);
        jvm.addAll(extraJvm);
        String key = instanceKey(service, instanceName);
        readyAt.remove(key);
        launchedAt.put(key, Instant.now());
        ChildProcess process = ChildProcess.start(service.name(), service.runJar(options.projectRoot()).toString(), jvm,
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), env,
                options.home().resolve("logs").resolve(instanceName + ".log"));
        aot.stream().filter(o -> o.startsWith("-XX:AOTCacheOutput="))
                .forEach(o -> recording.put(Path.of(o.substring(o.indexOf('=') + 1)), process));
        return process;
    }

    /**
     * Starts the authorities' console (services/console-service) on this port (0: any), signing in against the local
     * OIDC provider and calling the services of this stack; waits until it is ready. Not part of {@link #start}: the
     * tests that need no browser do without its JVM.
     */
    public ServiceSpec startConsole(int port) {
        ServiceSpec console = ServiceSpec.console(port == 0 ? Ports.freePort() : port);
        Path jar = console.runJar(options.projectRoot());
        if (!Files.isRegularFile(jar)) {
            throw new StackException("console-service is not built (" + jar + " is missing): run ./mvnw package -DskipTests");
        }
        Ports.requireFree(console.port(), console.name());
        options.progress().accept("Starting " + console.name() + " on port " + console.port() + " …");
        try {
            ChildProcess process = launch(console, console.name());
            services.put(console.name(), process);
            awaitReady(console, process, readyTimeout());
            consoleSpec = console;
        } catch (IOException e) {
            throw new StackException("Cannot start the console: " + e.getMessage(), e);
        }
        return console;
    }

    private ServiceSpec consoleSpec;

    /** The console, once {@link #startConsole} started it. */
    public java.util.Optional<ServiceSpec> console() {
        return java.util.Optional.ofNullable(consoleSpec);
    }

    /** The local OIDC provider the console signs in against. */
    public LocalIssuer issuer() {
        return issuer;
    }

    /**
     * The console's settings: the provider, the services' APIs, plain-HTTP cookies (the local stack has no TLS). The
     * client secret is a local one the provider does not check; it grants nothing but the code exchange.
     */
    private Map<String, String> consoleEnvironment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOCSIN_OIDC_URL", issuer.url());
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", JwtKeys.ISSUER);
        env.put("TOCSIN_OIDC_CLIENT_ID", LocalIssuer.CONSOLE_CLIENT_ID);
        Supplier<String> random = () -> {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return Base64.getEncoder().encodeToString(key);
        };
        env.put("TOCSIN_OIDC_CLIENT_SECRET", generated("console-client.secret", random));
        env.put("TOCSIN_CONSOLE_SESSION_KEY", generated("console-session.key", random));
        env.put("TOCSIN_CONSOLE_CSRF_KEY", generated("console-csrf.key", random));
        env.put("TOCSIN_CONSOLE_SECURE_COOKIES", "false");
        env.put("TOCSIN_INCIDENT_API_URL", service("incident-service").url());
        env.put("TOCSIN_FALLBACK_API_URL", service("fallback-service").url());
        url("broadcast-service").ifPresent(url -> env.put("TOCSIN_BROADCAST_API_URL", url));
        env.put("TOCSIN_PUBLIC_SITE_URL", service("dissemination-service").url());
        return env;
    }

    /** Where a service of this stack is reached (its front when scaled out: the same port), if it runs. */
    private java.util.Optional<String> url(String name) {
        return options.services().stream().filter(s -> s.name().equals(name)).findFirst().map(ServiceSpec::url);
    }

    /** The key of {@link #services} an instance is kept under: extra instances carry their port. */
    private String instanceKey(ServiceSpec service, String instanceName) {
        return instanceName.startsWith(service.name() + "-") && service.port() != service(service.name()).port()
                ? service.name() + "-" + service.port() : service.name();
    }

    private final HttpClient readiness = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** One readiness probe; the first success is remembered as the instance's ready instant. */
    private boolean isReady(ServiceSpec service, ChildProcess process, String key) {
        if (!process.isAlive()) {
            throw new StackException(service.name() + " exited while starting. Last lines of "
                    + process.logFile() + ":\n" + process.logTail(25));
        }
        try {
            HttpRequest ready = HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            if (readiness.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                readyAt.putIfAbsent(key, Instant.now());
                return true;
            }
        } catch (IOException e) {
            // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while waiting for " + service.name(), e);
        }
        return false;
    }

    private void awaitReady(ServiceSpec service, ChildProcess process, Duration timeout) {
        String key = services.entrySet().stream().filter(e -> e.getValue() == process).map(Map.Entry::getKey)
                .findFirst().orElse(service.name());
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (isReady(service, process, key)) {
                return;
            }
            pause(100);
        }
        throw new StackException(service.name() + " was not ready within " + timeout.toSeconds() + " s. Last lines of "
                + process.logFile() + ":\n" + process.logTail(25));
    }

    /** A ministry token of the local issuer, for the launcher's own calls and for tests. */
    public String ministryToken(String subject) throws IOException {
        return JwtKeys.loadOrCreate(keysDirectory()).token(subject, subject, "ministry", List.of("FR"),
                "Ministère de l’Intérieur", Duration.ofMinutes(30));
    }

    /** Imports the demo standby numbers through the fallback API, as a ministry would; idempotent. */
    public String loadDemoNumbers() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create(service("fallback-service").url() + "/api/v1/fallback-numbers/import"))
                            .header("Authorization", "Bearer " + ministryToken("tocsin-launcher"))
                            .header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofString(DemoData.standbyNumbersCsv())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "Demo numbers not loaded (" + response.statusCode() + "): " + response.body();
            }
            return "Demo standby numbers loaded (fiction numbers, every department): " + response.body();
        } catch (IOException e) {
            return "Demo numbers not loaded: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Demo numbers not loaded: interrupted";
        }
    }

    /** The JDBC URL of one service's database on the stack's server. */
    public String jdbcUrl(String database) {
        return PostgresServer.databaseUrl(adminJdbcUrl, database);
    }

    public String jdbcUser() {
        return options.jdbcUser();
    }

    public String jdbcPassword() {
        return options.jdbcPassword();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public List<ServiceSpec> services() {
        return options.services();
    }

    public ServiceSpec service(String name) {
        if (ServiceSpec.CONSOLE.equals(name) && consoleSpec != null) {
            return consoleSpec;
        }
        return options.services().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + name));
    }

    /** Instances started by {@link #startAnotherInstance(String)}, in order. */
    public List<ServiceSpec> extraInstances() {
        return List.copyOf(extraInstances);
    }

    /** Whether the instance of this service on this port is alive. */
    public boolean isRunning(ServiceSpec instance) {
        ChildProcess process = services.get(instance.name());
        if (process != null && instance.port() == service(instance.name()).port()) {
            return process.isAlive();
        }
        ChildProcess extra = services.get(instance.name() + "-" + instance.port());
        return extra != null && extra.isAlive();
    }

    public boolean isRunning(String serviceName) {
        ChildProcess process = services.get(serviceName);
        return process != null && process.isAlive();
    }

    // ---- Fault injection: what a test kills and brings back, as a node failure would ----

    /** The embedded broker (absent with an external one). */
    public java.util.Optional<KafkaBroker> embeddedKafka() {
        return java.util.Optional.ofNullable(kafka);
    }

    /** The local SMSC: what it received, throttling on demand, mobile-originated messages. */
    public SmscServer smsc() {
        return smsc;
    }

    /** The local SMTP server and what it received. */
    public MailServer mail() {
        return mail;
    }

    /** Where a developer reads the received SMS and mail (HTTP). */
    public MessageInbox inbox() {
        return inbox;
    }

    private static int preferred(int port) {
        return Ports.isListening(port) ? Ports.freePort() : port;
    }

    /** The embedded database server (absent with an external one). */
    public java.util.Optional<PostgresServer> embeddedPostgres() {
        return java.util.Optional.ofNullable(postgres);
    }

    /** The operating-system process of a running service, for measurements (RSS) by benchmarks. */
    public long pid(String serviceName) {
        ChildProcess process = services.get(serviceName);
        if (process == null) {
            throw new StackException("No service " + serviceName);
        }
        return process.pid();
    }

    /** SIGKILL of a service's process: no shutdown hook runs, in-flight requests and transactions are cut. */
    public void killService(String serviceName) throws InterruptedException {
        ChildProcess process = services.get(serviceName);
        if (process != null) {
            process.kill();
        }
    }

    /** Starts a killed service again on its port, waiting until it is ready. */
    public void restartService(String serviceName) {
        ServiceSpec spec = service(serviceName);
        try {
            ChildProcess process = launch(spec, serviceName + "-" + System.currentTimeMillis());
            services.put(serviceName, process);
            awaitReady(spec, process, Duration.ofSeconds(180));
        } catch (IOException e) {
            throw new StackException("Cannot restart " + serviceName + ": " + e.getMessage(), e);
        }
    }

    // ---- Rolling restarts: what a Kubernetes rolling update does to a scaled-out service ----

    /** The fronts started by {@link #front(String, int)}. */
    public synchronized List<ServiceFront> fronts() {
        return List.copyOf(fronts.values());
    }

    /** Every instance of a service: the first on the service's own port, then those added, in order. */
    public List<ServiceSpec> instances(String serviceName) {
        List<ServiceSpec> all = new ArrayList<>();
        all.add(service(serviceName));
        extraInstances.stream().filter(s -> s.name().equals(serviceName)).forEach(all::add);
        return all;
    }

    /**
     * A {@link ServiceFront} on this port (0: any) over every instance of the service, those started later too, as
     * a Kubernetes Service over its pods; closed with the stack.
     */
    public synchronized ServiceFront front(String serviceName, int port) {
        if (fronts.containsKey(serviceName)) {
            throw new StackException(serviceName + " already has a front on port " + fronts.get(serviceName).port());
        }
        ServiceFront front = ServiceFront.start(serviceName, port);
        fronts.put(serviceName, front);
        instances(serviceName).forEach(instance -> front.add(instance.url()));
        return front;
    }

    /**
     * Restarts every instance of a service one at a time, as a Kubernetes rolling update with {@code maxSurge: 0,
     * maxUnavailable: 1} would: SIGTERM (Quarkus turns not-ready and, for {@code quarkus.shutdown.delay}, keeps
     * serving while the front notices, then finishes the requests under way), the same instance started again on its
     * port, and the next one only once this one is ready and back in the front's rotation. Without a front there is no
     * rotation to wait for, and callers of the instance's own port see it go away.
     *
     * @return for each instance, how long it took from SIGTERM until it was back in rotation (or ready)
     */
    public synchronized List<Duration> rollingRestart(String serviceName, Consumer<String> progress) {
        List<Duration> took = new ArrayList<>();
        for (ServiceSpec instance : instances(serviceName)) {
            took.add(restartInstance(instance, progress));
        }
        return took;
    }

    /**
     * One step of {@link #rollingRestart}: SIGTERM to this instance, started again on its port, ready and back in its
     * front's rotation.
     *
     * @return how long it took from SIGTERM until it was back in rotation (or ready, without a front)
     */
    public synchronized Duration restartInstance(ServiceSpec instance, Consumer<String> progress) {
        String serviceName = instance.name();
        String key = instance.port() == service(serviceName).port() ? serviceName : serviceName + "-" + instance.port();
        ChildProcess old = services.get(key);
        if (old == null) {
            throw new StackException("No instance of " + serviceName + " on port " + instance.port());
        }
        ServiceFront front = fronts.get(serviceName);
        long started = System.nanoTime();
        progress.accept("Stopping " + serviceName + " on port " + instance.port() + " (SIGTERM) …");
        stop(old);
        progress.accept(String.format("… stopped in %.1f s; starting it again …", (System.nanoTime() - started) / 1e9));
        try {
            ChildProcess process = launch(instance, key + "-" + System.currentTimeMillis());
            services.put(key, process);
            awaitReady(instance, process, Duration.ofSeconds(180));
            if (front != null && !front.awaitInRotation(instance.url(), Duration.ofSeconds(30))) {
                throw new StackException(serviceName + " on port " + instance.port()
                        + " is ready but its front did not put it back in rotation within 30 s");
            }
        } catch (IOException e) {
            throw new StackException("Cannot restart " + serviceName + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while restarting " + serviceName, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        progress.accept(String.format("%s on port %d back in rotation, %.1f s after SIGTERM", serviceName,
                instance.port(), took.toMillis() / 1e3));
        return took;
    }

    /** SIGTERM, then SIGKILL after a grace period, longer for a JVM that writes its AOT cache as it exits. */
    private void stop(ChildProcess process) {
        process.stop(recording.containsValue(process) ? AOT_WRITE_GRACE : Duration.ofSeconds(20));
    }

    /** Stops services first, so they do not log a storm of errors about a vanished broker or database. */
    @Override
    public void close() {
        fronts.values().forEach(ServiceFront::close);
        fronts.clear();
        List<ChildProcess> running = new ArrayList<>(services.values());
        running.parallelStream().forEach(this::stop);
        services.clear();
        if (inbox != null) {
            inbox.close();
        }
        if (issuer != null) {
            issuer.close();
        }
        if (smsc != null) {
            smsc.close();
        }
        if (mail != null) {
            mail.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                options.progress().accept("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
    }
}
