package fr.tocsin.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalServersTest {

    @TempDir
    Path dir;

    @Test
    void postgresAnswersAndKeepsDataAcrossRestart() throws Exception {
        try (PostgresServer pg = PostgresServer.start(dir.resolve("pg"), 0, true)) {
            pg.ensureDatabase("probe");
            pg.ensureDatabase("probe");
            try (var c = DriverManager.getConnection(pg.jdbcUrl("probe"), PostgresServer.USER, "");
                 var s = c.createStatement()) {
                s.execute("create table t(v int)");
                s.execute("insert into t values (42)");
            }
        }
        try (PostgresServer pg = PostgresServer.start(dir.resolve("pg"), 0, true);
             var c = DriverManager.getConnection(pg.jdbcUrl("probe"), PostgresServer.USER, "");
             var rs = c.createStatement().executeQuery("select v, current_setting('server_version_num')::int from t")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
            assertTrue(rs.getInt(2) >= 180000, "PostgreSQL 18 is pinned");
        }
    }

    @Test
    void clusterIdsNeverLookLikeOptions() {
        for (int i = 0; i < 2_000; i++) {
            String id = KafkaBroker.clusterId();
            assertFalse(id.startsWith("-"), id);
            assertEquals(22, id.length());
        }
    }

    @Test
    void aTakenPortIsReportedInOneSentence() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var error = org.junit.jupiter.api.Assertions.assertThrows(StackException.class,
                    () -> Ports.requireFree(taken.getLocalPort(), "Kafka"));
            assertEquals("Port " + taken.getLocalPort() + " (Kafka) is already taken: stop what uses it, "
                    + "or choose another port (see --help).", error.getMessage());
        }
    }

    @Test
    void kafkaBrokerListensAndStops() throws Exception {
        int port = Ports.freePort();
        KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), port, Ports.freePort(), false);
        try {
            assertTrue(Ports.isListening(port));
        } finally {
            broker.stop();
        }
        assertFalse(broker.isAlive());
        assertFalse(Ports.isListening(port));
    }
}
