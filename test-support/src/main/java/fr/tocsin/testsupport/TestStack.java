package fr.tocsin.testsupport;

import fr.tocsin.contracts.Topics;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.KafkaBroker;
import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.MailServer;
import fr.tocsin.localstack.PostgresServer;
import fr.tocsin.localstack.Ports;
import fr.tocsin.localstack.SmscServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * The real servers of one test JVM, started on first use and stopped when the JVM exits.
 * <p>
 * {@code TOCSIN_TEST_JDBC_URL} (an admin connection; {@code TOCSIN_TEST_JDBC_USER}/{@code _PASSWORD}) and
 * {@code TOCSIN_TEST_KAFKA_BOOTSTRAP_SERVERS} point the tests at external servers instead.
 */
public final class TestStack {

    private static TestStack instance;

    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final String adminJdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final String bootstrapServers;
    private final JwtKeys keys = JwtKeys.generate();
    private final JwtKeys capSigningKeys = JwtKeys.generate();
    private SmscServer smsc;
    private MailServer mail;

    private TestStack() throws IOException {
        Path dir = Files.createTempDirectory("tocsin-test-stack");
        String externalJdbc = System.getenv("TOCSIN_TEST_JDBC_URL");
        if (externalJdbc != null && !externalJdbc.isBlank()) {
            postgres = null;
            adminJdbcUrl = externalJdbc;
            jdbcUser = envOr("TOCSIN_TEST_JDBC_USER", "postgres");
            jdbcPassword = envOr("TOCSIN_TEST_JDBC_PASSWORD", "");
        } else {
            postgres = PostgresServer.start(dir.resolve("postgres"), 0, false);
            adminJdbcUrl = postgres.adminJdbcUrl();
            jdbcUser = PostgresServer.USER;
            jdbcPassword = "";
        }
        String externalKafka = System.getenv("TOCSIN_TEST_KAFKA_BOOTSTRAP_SERVERS");
        if (externalKafka != null && !externalKafka.isBlank()) {
            kafka = null;
            bootstrapServers = externalKafka;
        } else {
            kafka = KafkaBroker.start(dir.resolve("kafka"), Ports.freePort(), Ports.freePort(), false);
            bootstrapServers = kafka.bootstrapServers();
            kafka.createTopics(List.of(Topics.INCIDENTS, Topics.FALLBACK_NUMBERS));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "test-stack-shutdown"));
    }

    public static synchronized TestStack get() {
        if (instance == null) {
            try {
                instance = new TestStack();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the test stack", e);
            }
        }
        return instance;
    }

    /** A JDBC URL for the given database, created on first use so each service keeps its own. */
    public String jdbcUrl(String database) {
        try {
            PostgresServer.ensureDatabase(adminJdbcUrl, jdbcUser, jdbcPassword, database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + database, e);
        }
        return PostgresServer.databaseUrl(adminJdbcUrl, database);
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    public String jdbcPassword() {
        return jdbcPassword;
    }

    /** The test issuer's keys: the service under test trusts them, {@link Tokens} signs with them. */
    /** The key pair dissemination-service signs CAP alerts with in tests; verify with its public half. */
    public JwtKeys capSigningKeys() {
        return capSigningKeys;
    }

    public JwtKeys keys() {
        return keys;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The test JVM's SMSC (SMPP 3.4, jSMPP's server side), started on first use; {@link SmscServer#clear} between tests. */
    public synchronized SmscServer smsc() {
        if (smsc == null) {
            smsc = SmscServer.start(0, LocalStack.SMSC_SYSTEM_ID, LocalStack.SMSC_PASSWORD);
        }
        return smsc;
    }

    /** The test JVM's SMTP server (GreenMail), started on first use. */
    public synchronized MailServer mail() {
        if (mail == null) {
            mail = MailServer.start(0);
        }
        return mail;
    }

    /** The embedded database server, for tests that stop and restart it; empty with an external one. */
    public java.util.Optional<PostgresServer> embeddedPostgres() {
        return java.util.Optional.ofNullable(postgres);
    }

    /** The embedded broker, for tests that stop and restart it; empty with an external broker. */
    public java.util.Optional<KafkaBroker> embeddedKafka() {
        return java.util.Optional.ofNullable(kafka);
    }

    private synchronized void stop() {
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
            } catch (IOException ignored) {
                // the JVM is exiting; zonky also cleans up on its own
            }
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
