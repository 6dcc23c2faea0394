package fr.tocsin.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which AOT cache option a service's JVM gets: train when there is no cache or the build is newer, else use it. */
class AotCacheTest {

    @TempDir
    Path dir;

    private Path app() throws Exception {
        Path app = Files.createDirectories(dir.resolve("quarkus-app/lib/main"));
        Files.writeString(app.getParent().getParent().resolve("quarkus-run.jar"), "jar");
        Files.writeString(app.resolve("a.jar"), "lib");
        return app.getParent().getParent();
    }

    private static void touch(Path file, Instant when) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(when));
    }

    @Test
    void withoutACacheTheJvmTrainsOne() throws Exception {
        Path cache = dir.resolve("aot/incident-service.aot");

        assertEquals(List.of("-XX:AOTCacheOutput=" + cache), LocalStack.aotOptions(cache, app(), false));
        assertTrue(Files.isDirectory(cache.getParent()));
    }

    @Test
    void aCacheNewerThanTheBuildIsUsed() throws Exception {
        Path app = app();
        Path cache = Files.createDirectories(dir.resolve("aot")).resolve("incident-service.aot");
        Files.writeString(cache, "cache");
        touch(app.resolve("lib/main/a.jar"), Instant.now().minusSeconds(60));
        touch(app.resolve("quarkus-run.jar"), Instant.now().minusSeconds(60));
        touch(cache, Instant.now());

        assertEquals(List.of("-XX:AOTCache=" + cache), LocalStack.aotOptions(cache, app, false));
    }

    @Test
    void aCacheOlderThanAnyFileOfTheBuildIsTrainedAgain() throws Exception {
        Path app = app();
        Path cache = Files.createDirectories(dir.resolve("aot")).resolve("incident-service.aot");
        Files.writeString(cache, "cache");
        touch(cache, Instant.now().minusSeconds(60));
        touch(app.resolve("quarkus-run.jar"), Instant.now().minusSeconds(120));
        touch(app.resolve("lib/main/a.jar"), Instant.now()); // one library rebuilt since

        assertEquals(List.of("-XX:AOTCacheOutput=" + cache), LocalStack.aotOptions(cache, app, false));
        assertFalse(Files.exists(cache));
    }

    @Test
    void whileAnotherInstanceTrainsTheCacheThisOneRunsWithout() throws Exception {
        Path cache = dir.resolve("aot/incident-service.aot");

        assertEquals(List.of(), LocalStack.aotOptions(cache, app(), true));
    }
}
