package fr.tocsin.broadcast;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * broadcast-service's layering (#18), on its sources: dependencies point one way (rest → logic → persistence), so no
 * class outside a {@code rest} package imports one, none outside {@code persistence} imports a {@code rest} class or
 * writes SQL, and persistence imports nothing of rest.
 */
class PackageRulesTest {

    private static final Path SOURCES = Path.of("src/main/java/fr/tocsin/broadcast");

    @Test
    void restIsImportedOnlyByRestAndSqlLivesOnlyInPersistence() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(30);
        for (Path source : sources) {
            String text = Files.readString(source);
            String where = SOURCES.relativize(source).toString().replace('\\', '/');
            boolean rest = where.contains("/rest/");
            boolean persistence = where.contains("/persistence/");
            if (!rest) {
                assertThat(text).as(where + " imports a rest class").doesNotContainPattern("import fr\\.tocsin\\.[a-z.]*\\.rest\\.");
            }
            if (!persistence) {
                assertThat(text).as(where + " writes SQL").doesNotContain("createNativeQuery").doesNotContain("createQuery(");
            }
        }
    }
}
