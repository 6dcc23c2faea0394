package fr.tocsin.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationCheckTest {

    private static final ServiceSpec SERVICE = new ServiceSpec("probe-service", "probe", 0);

    @TempDir
    Path dir;

    @Test
    void theKnownVersionsAreTheServicesAndTheKits() throws Exception {
        Path root = tree("V1__probe.sql", "V3__later.sql");
        assertEquals(Set.of("0.1", "0.2", "1", "3"), MigrationCheck.knownVersions(root, SERVICE));
    }

    @Test
    void aKeptDatabaseMigratedByASquashedHistoryIsRefusedWithTheWayOut() throws Exception {
        Path root = tree("V1__probe.sql");
        try (PostgresServer pg = PostgresServer.start(dir.resolve("pg"), 0, false)) {
            pg.ensureDatabase("probe");
            String url = pg.jdbcUrl("probe");
            assertDoesNotThrow(() -> MigrationCheck.requireKnownHistory(root, SERVICE, url, PostgresServer.USER, ""),
                    "a database Flyway never touched");
            history(url, "'0.1'", "'0.2'", "'1'", "null");
            assertDoesNotThrow(() -> MigrationCheck.requireKnownHistory(root, SERVICE, url, PostgresServer.USER, ""));

            history(url, "'2'");
            StackException refused = assertThrows(StackException.class,
                    () -> MigrationCheck.requireKnownHistory(root, SERVICE, url, PostgresServer.USER, ""));
            assertTrue(refused.getMessage().contains("'probe'") && refused.getMessage().contains("versions 2;")
                    && refused.getMessage().contains("./tocsin start --fresh"), refused.getMessage());
        }
    }

    private Path tree(String... ownMigrations) throws Exception {
        Path root = dir.resolve("tree");
        Path own = Files.createDirectories(root.resolve("services/probe-service/src/main/resources/db/migration"));
        for (String name : ownMigrations) {
            Files.writeString(own.resolve(name), "select 1;");
        }
        Path kit = root.resolve("service-kit/src/main/resources/db/kit");
        Files.createDirectories(kit.resolve("audit"));
        Files.createDirectories(kit.resolve("outbox"));
        Files.writeString(kit.resolve("audit/V0_1__audit_trail.sql"), "select 1;");
        Files.writeString(kit.resolve("outbox/V0_2__outbox.sql"), "select 1;");
        Files.writeString(kit.resolve("README"), "not a migration");
        return root;
    }

    /** Rows as Flyway writes them (a null version is a repeatable migration). */
    private static void history(String url, String... versions) throws Exception {
        try (var c = DriverManager.getConnection(url, PostgresServer.USER, ""); var s = c.createStatement()) {
            s.execute("create table if not exists flyway_schema_history (installed_rank serial, version varchar(50), "
                    + "success boolean not null default true)");
            for (String version : versions) {
                s.execute("insert into flyway_schema_history (version) values (" + version + ")");
            }
        }
    }
}
