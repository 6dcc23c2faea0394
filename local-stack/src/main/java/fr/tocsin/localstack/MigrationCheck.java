package fr.tocsin.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Refuses a kept database that was migrated by migrations no longer in the tree (squashed before the first release,
 * or another branch's), with the way out, instead of letting the service die on Flyway's validation at start.
 */
final class MigrationCheck {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9_.]+)__.+\\.sql");

    private MigrationCheck() {
    }

    /** @throws StackException naming the database and the unknown versions, when there are any */
    static void requireKnownHistory(Path projectRoot, ServiceSpec service, String databaseJdbcUrl, String user,
            String password) throws SQLException, IOException {
        Set<String> known = knownVersions(projectRoot, service);
        if (known.isEmpty()) {
            return; // not run from a source tree: nothing to compare with
        }
        List<String> unknown = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(databaseJdbcUrl, user, password);
             var history = c.createStatement()) {
            var table = c.getMetaData().getTables(null, null, "flyway_schema_history", null);
            if (!table.next()) {
                return;
            }
            try (var rs = history.executeQuery(
                    "select version from flyway_schema_history where version is not null and success order by installed_rank")) {
                while (rs.next()) {
                    if (!known.contains(normalise(rs.getString(1)))) {
                        unknown.add(rs.getString(1));
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new StackException("The kept database '" + service.database() + "' was migrated by migrations this tree "
                    + "no longer has (versions " + String.join(", ", unknown) + "; they were squashed before the first "
                    + "release, docs/DEPLOYMENT.md#database-migrations). Start again from empty databases: "
                    + "./tocsin start --fresh (deletes the data in .tocsin/).");
        }
    }

    /** The versions of the service's own migrations and of the service kit's, as Flyway normalises them. */
    static Set<String> knownVersions(Path projectRoot, ServiceSpec service) throws IOException {
        Set<String> versions = new TreeSet<>();
        for (Path dir : List.of(
                projectRoot.resolve("services").resolve(service.name()).resolve("src/main/resources/db/migration"),
                projectRoot.resolve("service-kit/src/main/resources/db/kit"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.map(file -> VERSIONED.matcher(file.getFileName().toString()))
                        .filter(Matcher::matches)
                        .forEach(m -> versions.add(normalise(m.group(1).replace('_', '.'))));
            }
        }
        return versions;
    }

    /** "1.0" and "1" are one version to Flyway. */
    private static String normalise(String version) {
        return version.replaceAll("(\\.0+)+$", "");
    }
}
