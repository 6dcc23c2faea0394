package fr.tocsin.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./tocsin start}: runs the whole system locally and prints where to find it. Ctrl-C stops it all.
 */
public final class Launcher {

    private static final String USAGE = """
            Usage: ./tocsin start [options]

              --fresh                 start from empty databases and topics (deletes .tocsin/ data)
              --jdbc-url URL          use this PostgreSQL (an admin connection) instead of the embedded one
                                      (env TOCSIN_JDBC_URL; user/password: --jdbc-user/--jdbc-password,
                                      TOCSIN_JDBC_USER/TOCSIN_JDBC_PASSWORD)
              --kafka SERVERS         use these Kafka bootstrap servers instead of the embedded broker
                                      (env TOCSIN_KAFKA_BOOTSTRAP_SERVERS)
              --postgres-port N       embedded PostgreSQL port (default 15432)
              --kafka-port N          embedded Kafka port (default 19092; the controller uses N+1)
              --instances N           run N instances of each service (1–4, default 1), as a scaled-out cluster would;
                                      with 2 or more, each service's port is a front that spreads requests over its
                                      ready instances (as a Kubernetes Service would), and typing
                                      "restart <service>" or "restart all" restarts them one at a time
              --no-demo               do not load the demo standby numbers (ARCEP fiction numbers, all departments)
              --exit-when-ready       start, print the table, then stop everything (a smoke test)
              --help                  this text

            The services run with production's JVM options (LocalStack.PRODUCTION_JVM, C2 included). The first start
            after a build trains each service's JDK AOT cache (.tocsin/aot/, written as the stack stops); later starts
            use it and are ready sooner.
            """;

    private Launcher() {
    }

    public static void main(String[] args) {
        // Before any HTTP client exists: the fronts forward the client's Host (see ServiceFront).
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        // Before any logger exists: embedded PostgreSQL narrates initdb line by line at INFO.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try {
            run(args);
        } catch (StackException e) {
            System.err.println();
            System.err.println("✗ " + e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException e) {
            System.err.println("✗ " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    private static void run(String[] args) {
        Jdk.requireSupportedVersion();
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        boolean fresh = false;
        boolean exitWhenReady = false;
        boolean demo = true;
        String jdbcUrl = env("TOCSIN_JDBC_URL");
        String jdbcUser = envOr("TOCSIN_JDBC_USER", defaults.jdbcUser());
        String jdbcPassword = envOr("TOCSIN_JDBC_PASSWORD", defaults.jdbcPassword());
        String kafka = env("TOCSIN_KAFKA_BOOTSTRAP_SERVERS");
        int postgresPort = defaults.postgresPort();
        int kafkaPort = defaults.kafkaPort();
        int instances = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--exit-when-ready" -> exitWhenReady = true;
                case "--no-demo" -> demo = false;
                case "--jdbc-url" -> jdbcUrl = value(args, ++i);
                case "--jdbc-user" -> jdbcUser = value(args, ++i);
                case "--jdbc-password" -> jdbcPassword = value(args, ++i);
                case "--kafka" -> kafka = value(args, ++i);
                case "--postgres-port" -> postgresPort = port(value(args, ++i));
                case "--kafka-port" -> kafkaPort = port(value(args, ++i));
                case "--instances" -> instances = instances(value(args, ++i));
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        boolean fronted = instances > 1;
        if (fronted) {
            // The fronts take the services' usual ports; the instances listen on any free ones behind them.
            for (ServiceSpec service : defaults.services()) {
                Ports.requireFree(service.port(), service.name() + " front");
            }
        }
        List<ServiceSpec> services = fronted
                ? defaults.services().stream().map(s -> s.withPort(Ports.freePort())).toList() : defaults.services();
        // Scaled out, an instance told to stop stays in service, not ready, while its front notices (Quarkus'
        // pre-shutdown delay, what the preStop sleep does in Kubernetes), then drains what is under way.
        // The services run as production runs them (JVM options, C2 included), from their AOT caches once trained.
        List<String> serviceArgs = new ArrayList<>(LocalStack.PRODUCTION_JVM);
        if (fronted) {
            serviceArgs.add("-Dquarkus.shutdown.delay=" + SHUTDOWN_DELAY.toSeconds() + "s");
        }
        LocalStack.Options options = new LocalStack.Options(root, defaults.home(), fresh, jdbcUrl, jdbcUser,
                jdbcPassword, kafka, postgresPort, kafkaPort, kafkaPort + 1, services, serviceArgs,
                message -> System.out.println("  • " + message), defaults.home().resolve("aot"));

        System.out.println("Tocsin — starting the local stack" + (fresh ? " from scratch" : "")
                + " (data and logs in " + root.relativize(options.home()) + "/)");
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println();
            System.out.println("Stopping Tocsin …");
            stack.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "tocsin-stop"));

        for (int n = 1; n < instances; n++) {
            for (ServiceSpec service : options.services()) {
                stack.startAnotherInstance(service.name());
            }
        }
        if (fronted) {
            for (ServiceSpec service : defaults.services()) {
                ServiceFront front = stack.front(service.name(), service.port());
                for (ServiceSpec instance : stack.instances(service.name())) {
                    awaitInRotation(front, instance);
                }
            }
        }
        if (demo) {
            System.out.println("  • " + stack.loadDemoNumbers());
        }
        // The authorities' console, signing in against the local OIDC provider (pick a person on its sign-in page).
        stack.startConsole(ServiceSpec.CONSOLE_PORT);
        System.out.printf("%nReady in %.1f s.%n%n", (System.nanoTime() - started) / 1e9);
        System.out.println(table(stack));
        System.out.println("""
                Public page:    http://127.0.0.1:%d/
                Console:        %s/   (authorities: sign in as a person of your choice)
                Subscribe:      http://127.0.0.1:%d/abonnement   (the form is on every department page too)
                Kafka:          %s
                PostgreSQL:     %s
                SMSC (SMPP):    127.0.0.1:%d (system id %s, password %s)
                SMTP:           127.0.0.1:%d
                Received SMS:   %s/sms   (send "STOP": curl -d from=33639980101 -d to=38100 -d text=STOP %s/sms/mo)
                Received mail:  %s/mail
                Logs:           %s/logs/
                %sPress Ctrl-C to stop everything.""".formatted(
                // The service's usual port: its front when scaled out, else the instance itself.
                defaults.services().stream().filter(s -> s.name().equals("dissemination-service")).findFirst()
                        .orElseThrow().port(),
                stack.service(ServiceSpec.CONSOLE).url(),
                defaults.services().stream().filter(s -> s.name().equals("broadcast-service")).findFirst()
                        .orElseThrow().port(),
                stack.bootstrapServers(), stack.jdbcUrl("<service>"), stack.smsc().port(), LocalStack.SMSC_SYSTEM_ID,
                LocalStack.SMSC_PASSWORD, stack.mail().port(), stack.inbox().url(), stack.inbox().url(),
                stack.inbox().url(), root.relativize(options.home()),
                fronted ? "Type \"restart <service>\" or \"restart all\" for a rolling restart (one instance at a time).\n" : ""));
        if (exitWhenReady) {
            System.exit(0);
        }
        if (fronted) {
            Thread.ofPlatform().daemon().name("tocsin-console").start(() -> console(stack));
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Longer than the fronts need to see an instance not ready (a few probe periods), short enough for a quick restart. */
    static final java.time.Duration SHUTDOWN_DELAY = java.time.Duration.ofSeconds(3);

    private static void awaitInRotation(ServiceFront front, ServiceSpec instance) {
        try {
            if (!front.awaitInRotation(instance.url(), java.time.Duration.ofSeconds(30))) {
                throw new StackException(instance.name() + " on port " + instance.port() + " never came into its front's rotation");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted", e);
        }
    }

    /** The launcher's console: {@code restart <service>|all}, as {@code kubectl rollout restart} would. */
    private static void console(LocalStack stack) {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.trim().split("\\s+");
                if (words.length == 2 && "restart".equals(words[0])) {
                    List<String> names = "all".equals(words[1])
                            ? stack.services().stream().map(ServiceSpec::name).toList() : List.of(words[1]);
                    try {
                        for (String name : names) {
                            List<java.time.Duration> took = stack.rollingRestart(name, m -> System.out.println("  • " + m));
                            System.out.printf("  ✓ %s restarted, one instance at a time (%s)%n", name, took.stream()
                                    .map(d -> String.format("%.1f s", d.toMillis() / 1e3)).toList());
                        }
                    } catch (IllegalArgumentException | StackException e) {
                        System.out.println("  ✗ " + e.getMessage());
                    }
                } else if (!line.isBlank()) {
                    System.out.println("  Commands: restart <service> | restart all   (services: "
                            + String.join(", ", stack.services().stream().map(ServiceSpec::name).toList()) + ")");
                }
            }
        } catch (java.io.IOException e) {
            // no console (stdin closed): nothing to read
        }
    }

    private static int instances(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 4) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--instances takes a number from 1 to 4, not " + value);
    }

    static String table(LocalStack stack) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"SERVICE", "URL", "SWAGGER UI", "HEALTH"});
        List<ServiceSpec> all = new ArrayList<>(stack.services());
        all.addAll(stack.extraInstances());
        for (ServiceSpec s : all) {
            rows.add(new String[]{s.name(), s.url(), s.url() + "/q/swagger-ui", stack.isRunning(s) ? "UP" : "DOWN"});
        }
        stack.console().ifPresent(console -> rows.add(new String[]{console.name(), console.url() + "/",
                "(pages; sign-in " + stack.issuer().url() + ")", stack.isRunning(console) ? "UP" : "DOWN"}));
        for (ServiceFront front : stack.fronts()) {
            rows.add(new String[]{front.name() + " (front)", front.url(), front.url() + "/q/swagger-ui",
                    front.inRotation().size() + " in rotation"});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int c = 0; c < 4; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            out.append(String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s%n",
                    (Object[]) row));
        }
        return out.toString();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65534) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a port: " + value);
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static String envOr(String name, String fallback) {
        String value = env(name);
        return value == null ? fallback : value;
    }
}
