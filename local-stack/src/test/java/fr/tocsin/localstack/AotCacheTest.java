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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which AOT cache option a service's JVM gets: train when there is no cache or it was trained on another build. */
class AotCacheTest {

    @TempDir
    Path dir;

    private Path app() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("quarkus-app/lib/main"));
        Path app = lib.getParent().getParent();
        Files.writeString(app.resolve("quarkus-run.jar"), "jar");
        Files.writeString(lib.resolve("org.acme.lib-1.0.jar"), "lib");
        Files.writeString(lib.resolve("fr.tocsin.tocsin-contracts-0.1.0-SNAPSHOT.jar"), "contracts v1");
        return app;
    }

    private Path trained(Path app) throws Exception {
        Path cache = dir.resolve("aot/incident-service.aot");
        LocalStack.aotOptions(cache, app, false); // the training run records the build it trains on
        Files.writeString(cache, "cache"); // what the JVM writes when it exits
        return cache;
    }

    @Test
    void withoutACacheTheJvmTrainsOne() throws Exception {
        Path cache = dir.resolve("aot/incident-service.aot");

        assertEquals(List.of("-XX:AOTCacheOutput=" + cache), LocalStack.aotOptions(cache, app(), false));
        assertTrue(Files.isDirectory(cache.getParent()));
    }

    @Test
    void aCacheTrainedOnTheSameBuildIsUsedEvenIfTheBuildWasRepackagedSince() throws Exception {
        Path app = app();
        Path cache = trained(app);
        // ./tocsin start repackages: same bytes, newer files
        for (String f : List.of("quarkus-run.jar", "lib/main/org.acme.lib-1.0.jar")) {
            Files.setLastModifiedTime(app.resolve(f), FileTime.from(Instant.now().plusSeconds(60)));
        }

        assertEquals(List.of("-XX:AOTCache=" + cache), LocalStack.aotOptions(cache, app, false));
    }

    @Test
    void aCacheTrainedOnAnotherBuildIsTrainedAgain() throws Exception {
        Path app = app();
        Path cache = trained(app);
        Files.writeString(app.resolve("lib/main/fr.tocsin.tocsin-contracts-0.1.0-SNAPSHOT.jar"), "contracts v2");

        assertEquals(List.of("-XX:AOTCacheOutput=" + cache), LocalStack.aotOptions(cache, app, false));
        assertFalse(Files.exists(cache));
    }

    @Test
    void aCacheWithoutARecordOfItsBuildIsTrainedAgain() throws Exception {
        Path app = app();
        Path cache = Files.createDirectories(dir.resolve("aot")).resolve("incident-service.aot");
        Files.writeString(cache, "cache from before builds were recorded");

        assertEquals(List.of("-XX:AOTCacheOutput=" + cache), LocalStack.aotOptions(cache, app, false));
    }

    @Test
    void anyFileOfOurOwnCountsByContentAThirdPartyLibraryByNameAndSize() throws Exception {
        Path app = app();
        String before = LocalStack.buildFingerprint(app);
        Files.writeString(app.resolve("lib/main/org.acme.lib-1.0.jar"), "LIB"); // same size, same name
        assertEquals(before, LocalStack.buildFingerprint(app));
        Files.writeString(app.resolve("quarkus-run.jar"), "JAR");
        assertNotEquals(before, LocalStack.buildFingerprint(app));
    }

    @Test
    void whileAnotherInstanceTrainsTheCacheThisOneRunsWithout() throws Exception {
        Path cache = dir.resolve("aot/incident-service.aot");

        assertEquals(List.of(), LocalStack.aotOptions(cache, app(), true));
    }
}
