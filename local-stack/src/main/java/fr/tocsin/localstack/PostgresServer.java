package fr.tocsin.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A real PostgreSQL server, embedded through zonky's binaries (no Docker, runs as root too).
 * Each service gets its own database on it, as it would get its own cluster database in production.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private final Path dataDirectory;
    private final boolean keepData;
    private volatile EmbeddedPostgres postgres;

    private PostgresServer(Path dataDirectory, boolean keepData, EmbeddedPostgres postgres) {
        this.dataDirectory = dataDirectory;
        this.keepData = keepData;
        this.postgres = postgres;
    }

    /**
     * @param dataDirectory kept between runs when {@code keepData}, so a restart keeps its data
     * @param port          0 for any free port
     */
    public static PostgresServer start(Path dataDirectory, int port, boolean keepData) throws IOException {
        Files.createDirectories(dataDirectory);
        stopLeftover(dataDirectory);
        if (!keepData) {
            deleteData(dataDirectory);
        }
        return new PostgresServer(dataDirectory, keepData, builder(dataDirectory, port).start());
    }

    /** We clean the data ourselves: zonky would delete it on close, which {@link #kill()} needs to call. */
    private static EmbeddedPostgres.Builder builder(Path dataDirectory, int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.resolve("data"))
                .setOverrideWorkingDirectory(dataDirectory.resolve("binaries").toFile())
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                // Durable like production: a commit the API acknowledged survives a crash (FaultInjectionIT
                // found acknowledged updates lost with zonky's defaults, fsync and synchronous_commit off).
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
        // Diagnostics for a benchmark, off unless asked for (tests, ./tocsin start and the other benchmarks run as
        // before): -Dtocsin.postgres.preload=pg_stat_statements (SubscriptionFanOutBenchmark sets it and prints the
        // top statements), -Dtocsin.postgres.log-min-duration-statement=100ms logs slow statements,
        // -Dtocsin.postgres.auto-explain=20ms (with auto_explain preloaded) their plans, a sample of 1 in 20.
        String preload = System.getProperty("tocsin.postgres.preload", "");
        if (!preload.isBlank()) {
            builder.setServerConfig("shared_preload_libraries", preload);
        }
        String slow = System.getProperty("tocsin.postgres.log-min-duration-statement");
        if (slow != null) {
            builder.setServerConfig("log_min_duration_statement", slow);
        }
        String explain = System.getProperty("tocsin.postgres.auto-explain");
        if (explain != null && preload.contains("auto_explain")) {
            builder.setServerConfig("auto_explain.log_min_duration", explain)
                    .setServerConfig("auto_explain.sample_rate", "0.05");
        }
        if (port > 0) {
            builder.setPort(port);
        }
        return builder;
    }

    /**
     * SIGKILL of the server and of every process it started, as the kernel's OOM killer or a container runtime
     * killing the pod would: no shutdown of any kind, no checkpoint, shared memory left behind. Data and port are
     * kept for {@link #restart()}, which then recovers from the WAL. For tests of durability and of what the
     * services do while their database is gone.
     */
    public void kill() throws IOException {
        // Backends, WAL writer, checkpointer…: all at once, before any of them notices the postmaster is gone.
        java.util.List<ProcessHandle> tree = processes();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            for (ProcessHandle process : tree) {
                process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while killing PostgreSQL", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new StackException("PostgreSQL (pid " + tree.getFirst().pid() + ") did not die", e);
        }
        // Releases zonky's lock on the data directory so restart() can take it (it logs that pg_ctl stop failed).
        postgres.close();
    }

    /** The postmaster, then every process it runs now (backends, WAL writer, checkpointer…): for kills and CPU time. */
    public java.util.List<ProcessHandle> processes() throws IOException {
        Path pidFile = dataDirectory.resolve("data").resolve("postmaster.pid");
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new StackException("PostgreSQL (pid " + pid + ") is not running"));
        java.util.List<ProcessHandle> tree = new java.util.ArrayList<>(postmaster.descendants().toList());
        tree.addFirst(postmaster);
        return tree;
    }

    /** Starts the server again after {@link #kill()}, on the same data and port (it recovers from its WAL). */
    public void restart() throws IOException {
        postgres = builder(dataDirectory, port()).start();
    }

    /**
     * pg_ctl detaches the server, so a launcher killed with SIGKILL leaves it running on our data folder.
     * Its postmaster.pid names it; stop it (fast shutdown) rather than fail on a taken port.
     */
    public static void stopLeftover(Path directory) throws IOException {
        Path data = directory.resolve("data");
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        } catch (RuntimeException e) {
            return;
        }
        String dataPath = data.toAbsolutePath().toString();
        ProcessHandle.of(pid)
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataPath)).orElse(false))
                .ifPresent(leftover -> {
                    try {
                        new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor();
                        leftover.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new StackException("A PostgreSQL left over from an earlier run (pid " + pid
                                + ") did not stop; stop it by hand: kill " + pid, e);
                    }
                });
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String adminJdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The URL of another database on the server of {@code jdbcUrl}, keeping its query parameters. */
    public static String databaseUrl(String jdbcUrl, String database) {
        int slash = jdbcUrl.lastIndexOf('/', jdbcUrl.indexOf('?') < 0 ? jdbcUrl.length() : jdbcUrl.indexOf('?'));
        int query = jdbcUrl.indexOf('?', slash);
        return jdbcUrl.substring(0, slash + 1) + database + (query < 0 ? "" : jdbcUrl.substring(query));
    }

    /** Creates the database if it does not exist yet; idempotent across restarts. */
    public void ensureDatabase(String database) throws SQLException {
        ensureDatabase(adminJdbcUrl(), USER, "", database);
    }

    /** Same, against any server the caller has admin credentials for (an external one included). */
    public static void ensureDatabase(String adminJdbcUrl, String user, String password, String database)
            throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Unsafe database name: " + database);
        }
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, user, password);
             var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (var rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (var create = c.createStatement()) {
                create.execute("create database " + database);
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        if (!keepData) {
            deleteData(dataDirectory);
        }
    }

    private static void deleteData(Path dataDirectory) throws IOException {
        Path data = dataDirectory.resolve("data");
        if (Files.exists(data)) {
            try (var files = Files.walk(data)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
