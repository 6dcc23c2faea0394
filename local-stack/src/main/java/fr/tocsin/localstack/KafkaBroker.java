package fr.tocsin.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real one-node Apache Kafka broker in KRaft mode (broker and controller in one process), run as a
 * child JVM on its own classpath: a Quarkus JVM brings another kafka-clients than the broker was built with.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "/fr/tocsin/localstack/kafka-broker.classpath";

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private ChildProcess process;

    private KafkaBroker(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats the log directory on first use (kept when {@code keepData}), then starts the broker and waits
     * until it accepts connections.
     */
    public static KafkaBroker start(Path directory, int port, int controllerPort, boolean keepData) throws IOException {
        KafkaBroker broker = new KafkaBroker(directory, port, controllerPort);
        if (!keepData) {
            Files.deleteIfExists(directory.resolve("data/meta.properties"));
            deleteRecursively(directory.resolve("data"));
        }
        broker.writeConfig();
        broker.formatIfNeeded();
        broker.launch();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return directory.resolve("kafka.log");
    }

    private Path config() {
        return directory.resolve("server.properties");
    }

    private void writeConfig() throws IOException {
        Files.createDirectories(directory.resolve("data"));
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + directory.resolve("data").toAbsolutePath(),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.flush.interval.messages=1",
                "");
        Files.writeString(config(), config);
    }

    private void formatIfNeeded() throws IOException {
        if (Files.exists(directory.resolve("data/meta.properties"))) {
            return;
        }
        List<String> command = List.of(Jdk.javaExecutable(), "-cp", brokerClasspath(), "kafka.tools.StorageTool",
                "format", "-t", clusterId(), "-c", config().toAbsolutePath().toString());
        Process format = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = format.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new StackException("Formatting the Kafka log directory failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while formatting Kafka storage", e);
        }
    }

    /**
     * A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. One starting with '-' would be read
     * by StorageTool's argument parser as an option (1 run in 64 failed that way), so draw again.
     */
    static String clusterId() {
        String id;
        do {
            UUID uuid = UUID.randomUUID();
            var bytes = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
            id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private void launch() throws IOException {
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "Kafka controller");
        process = ChildProcess.start("kafka", brokerClasspath(),
                List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                        "-Dslf4j.internal.verbosity=WARN", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                "kafka.Kafka", List.of(config().toAbsolutePath().toString()), Map.of(), logFile());
        awaitListening(Duration.ofSeconds(90));
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new StackException("The Kafka broker exited while starting. Last lines of "
                        + logFile() + ":\n" + process.logTail(30));
            }
            if (Ports.isListening(port)) {
                return;
            }
            sleep(100);
        }
        process.stop();
        throw new StackException("The Kafka broker did not listen on port " + port + " within " + timeout.toSeconds()
                + " s. Last lines of " + logFile() + ":\n" + process.logTail(30));
    }

    /** Creates Tocsin's topics, compacted, unless they exist; idempotent. */
    public void createTopics(java.util.Collection<String> topics) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of(bootstrapServers(), "3"));
        args.addAll(topics);
        ChildProcess creator = ChildProcess.start("kafka-topics", brokerClasspath(), List.of("-Xmx128m", "-XX:+UseSerialGC",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                TopicCreator.class.getName(), args, Map.of(), directory.resolve("topics.log"));
        if (!creator.waitFor(Duration.ofSeconds(90)) || creator.exitCode() != 0) {
            creator.stop();
            throw new StackException("Creating the Kafka topics failed:\n" + creator.logTail(20));
        }
    }

    /** Restarts a stopped or killed broker on the same ports and data, as after an outage. */
    public void restart() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        launch();
    }

    /** Stops the broker cleanly. */
    public void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /** Kills the broker with SIGKILL, for fault-injection tests. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    static String brokerClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new StackException("Kafka broker classpath not found: build the project first (./mvnw install)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new StackException("Cannot read the Kafka broker classpath", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted", e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
