package fr.tocsin.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Builds an image from a miniature fast-jar and base (same layout as the real ones, tiny files) and reads the OCI
 * tarball back as a registry or a runtime would: layout, manifest digest, configuration, every layer entry.
 */
class ServiceImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ServiceImage.Result first;
    static Map<String, byte[]> blobs;
    static JsonNode manifest;
    static JsonNode config;
    static Map<String, TarArchiveEntry> files = new LinkedHashMap<>();
    static Map<String, byte[]> contents = new LinkedHashMap<>();

    @BeforeAll
    static void buildImage() throws Exception {
        Path app = dir.resolve("quarkus-app");
        write(app.resolve("quarkus-run.jar"), "launcher");
        write(app.resolve("lib/boot/quarkus-bootstrap-runner-3.33.2.jar"), "boot");
        write(app.resolve("lib/main/io.vertx.vertx-core-4.5.jar"), "vertx");
        write(app.resolve("lib/main/fr.tocsin.tocsin-contracts-0.1.0-SNAPSHOT.jar"), "contracts");
        write(app.resolve("app/incident-service-0.1.0-SNAPSHOT.jar"), "app");
        write(app.resolve("quarkus/generated-bytecode.jar"), "generated");
        Path base = dir.resolve("base");
        write(base.resolve("arch"), "amd64\n");
        write(base.resolve("packages.tsv"), "libc6\t2.36-9+deb12u10\tamd64\tdebian\nbase-files\t12.4+deb12u11\tamd64\tdebian\n");
        write(base.resolve("rootfs/etc/passwd"), "tocsin:x:185:185::/tmp:/usr/sbin/nologin\n");
        write(base.resolve("rootfs/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"), "loader");
        Files.createDirectories(base.resolve("rootfs/lib64"));
        Files.createSymbolicLink(base.resolve("rootfs/lib64/ld-linux-x86-64.so.2"),
                Path.of("../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        Files.createDirectories(base.resolve("rootfs/tmp"));
        Files.setPosixFilePermissions(base.resolve("rootfs/tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        write(base.resolve("jre/bin/java"), "#!java");
        Files.setPosixFilePermissions(base.resolve("jre/bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write(base.resolve("jre/release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_RUNTIME_VERSION=\"25.0.1+8-LTS\"\nMODULES=\"java.base java.sql\"\n");
        Path mavenSbom = dir.resolve("incident-service-maven.cdx.json");
        write(mavenSbom, """
                {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
                 "metadata":{"component":{"type":"application","name":"incident-service","version":"0.1.0-SNAPSHOT"}},
                 "components":[{"type":"library","name":"vertx-core","version":"4.5","purl":"pkg:maven/io.vertx/vertx-core@4.5"}]}
                """);

        first = ServiceImage.build(spec(app, mavenSbom, base, dir.resolve("out1/incident-service-image.tar")));
        blobs = readTar(Files.readAllBytes(first.tarball()));
        JsonNode index = JSON.readTree(blobs.get("index.json"));
        manifest = JSON.readTree(blob(index.path("manifests").path(0).path("digest").asText()));
        config = JSON.readTree(blob(manifest.path("config").path("digest").asText()));
        for (JsonNode layer : manifest.path("layers")) {
            try (var tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                    new ByteArrayInputStream(blob(layer.path("digest").asText()))))) {
                for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                    files.put(entry.getName(), entry);
                    contents.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
    }

    private static ServiceImage.Spec spec(Path app, Path mavenSbom, Path base, Path output) {
        return new ServiceImage.Spec("incident-service", "0.1.0-SNAPSHOT", 8081, app, mavenSbom, base, null,
                null, output, dir.resolve("cache-" + output.getParent().getFileName()));
    }

    @Test
    void isAnOciLayoutWhoseIndexNamesTheManifestByItsDigest() throws Exception {
        assertThat(blobs).containsKey("oci-layout");
        JsonNode index = JSON.readTree(blobs.get("index.json"));
        String digest = index.path("manifests").path(0).path("digest").asText();
        assertThat(digest).isEqualTo(first.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat("sha256:" + sha256(blob(digest))).isEqualTo(digest);
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        for (JsonNode layer : manifest.path("layers")) {
            assertThat("sha256:" + sha256(blob(layer.path("digest").asText()))).isEqualTo(layer.path("digest").asText());
        }
        assertThat(Files.readString(first.tarball().resolveSibling("incident-service-image.digest")).strip())
                .isEqualTo(digest);
    }

    @Test
    void runsTheFastJarAsTheNonRootUserOfTheDeployments() {
        JsonNode c = config.path("config");
        assertThat(c.path("User").asText()).isEqualTo("185:185");
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/deployments");
        assertThat(c.path("ExposedPorts").has("8081/tcp")).isTrue();
        List<String> entrypoint = JSON.convertValue(c.path("Entrypoint"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        assertThat(entrypoint).startsWith("/opt/java/bin/java").endsWith("-jar", "/deployments/quarkus-run.jar")
                .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        assertThat(c.path("Env").toString()).contains("JDK_JAVA_OPTIONS=" + ServiceImage.JVM_DEFAULTS)
                .contains("JAVA_HOME=/opt/java").contains("MALLOC_ARENA_MAX=2");
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("created").asText()).startsWith("1970-01-01T00:00:00");
    }

    @Test
    void holdsTheBaseAndEveryFastJarFileReadOnlyForTheService() {
        assertThat(files).containsKeys("etc/passwd", "opt/java/bin/java", "deployments/quarkus-run.jar",
                "deployments/lib/boot/quarkus-bootstrap-runner-3.33.2.jar",
                "deployments/lib/main/fr.tocsin.tocsin-contracts-0.1.0-SNAPSHOT.jar",
                "deployments/app/incident-service-0.1.0-SNAPSHOT.jar", "deployments/quarkus/generated-bytecode.jar");
        assertThat(files.get("opt/java/bin/java").getMode() & 0777).isEqualTo(0755);
        // The ELF interpreter's path exists (a link in Debian's package, stored as the file itself).
        assertThat(new String(contents.get("lib64/ld-linux-x86-64.so.2"), StandardCharsets.UTF_8)).isEqualTo("loader");
        files.forEach((name, entry) -> {
            assertThat(entry.getModTime().toInstant()).as(name).isEqualTo(Instant.ofEpochSecond(1));
            if (name.equals("tmp/")) {
                assertThat(entry.getLongUserId()).isEqualTo(185);
                assertThat(entry.getMode() & 0777).isEqualTo(0755);
            } else {
                assertThat(entry.getLongUserId()).as(name).isZero();
                assertThat(entry.getMode() & 0022).as(name + " writable by others").isZero();
            }
        });
        // Dependencies, the project's own snapshots and the application change at different rates: separate layers.
        assertThat(manifest.path("layers")).hasSize(7);
    }

    @Test
    void shipsTheSbomInAndBesideTheImageWithTheDebianPackagesAndJavaRuntime() throws Exception {
        byte[] inside = contents.get("usr/share/sbom/incident-service-image.cdx.json");
        assertThat(inside).isEqualTo(Files.readAllBytes(first.sbom()));
        JsonNode sbom = JSON.readTree(inside);
        assertThat(sbom.path("components").findValuesAsText("purl")).contains(
                "pkg:maven/io.vertx/vertx-core@4.5",
                "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64",
                "pkg:deb/debian/base-files@12.4%2Bdeb12u11?arch=amd64",
                "pkg:generic/java-runtime@25.0.1%2B8-LTS");
    }

    @Test
    void theSameInputsGiveTheSameDigestWhateverTheFilesDates() throws Exception {
        try (Stream<Path> tree = Files.walk(dir.resolve("quarkus-app"))) {
            for (Path file : tree.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            }
        }
        ServiceImage.Result again = ServiceImage.build(spec(dir.resolve("quarkus-app"),
                dir.resolve("incident-service-maven.cdx.json"), dir.resolve("base"),
                dir.resolve("out2/incident-service-image.tar")));
        assertThat(again.digest()).isEqualTo(first.digest());

        write(dir.resolve("quarkus-app/app/incident-service-0.1.0-SNAPSHOT.jar"), "changed app");
        ServiceImage.Result changed = ServiceImage.build(spec(dir.resolve("quarkus-app"),
                dir.resolve("incident-service-maven.cdx.json"), dir.resolve("base"),
                dir.resolve("out3/incident-service-image.tar")));
        assertThat(changed.digest()).isNotEqualTo(first.digest());
    }

    @Test
    void refusesToBuildAnImageWithoutTheServicesSbom() {
        assertThatThrownBy(() -> ServiceImage.build(spec(dir.resolve("quarkus-app"), dir.resolve("no-sbom.cdx.json"),
                dir.resolve("base"), dir.resolve("out4/incident-service-image.tar"))))
                .hasMessageContaining("no-sbom.cdx.json is missing").hasMessageContaining("offline");
        assertThat(dir.resolve("out4/incident-service-image.tar")).doesNotExist();
    }

    /** The one list of services is services/pom.xml: a module added there gets its image, on its Kubernetes port. */
    @Test
    void theServicesAreTheModulesOfTheServicesPomEachOnItsKubernetesPort() throws Exception {
        Path services = dir.resolve("services-list");
        write(services.resolve("pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion>
                  <modules>
                    <module>incident-service</module>
                    <!-- <module>retired-service</module> -->
                    <module>broadcast-service</module>
                    <module>public-service</module>
                  </modules>
                </project>
                """);
        write(services.resolve("incident-service/src/main/resources/application.properties"), "quarkus.http.port=8081\n");
        write(services.resolve("broadcast-service/src/main/resources/application.properties"),
                "quarkus.http.port=8083\n%prod.quarkus.http.port=8084\n%kubernetes.quarkus.http.port=8080\n%test.quarkus.http.port=0\n");
        write(services.resolve("public-service/src/main/resources/application.properties"), "quarkus.application.name=x\n");
        assertThat(ServiceImage.services(services)).containsExactly(new ServiceImage.Service("incident-service", 8081),
                new ServiceImage.Service("broadcast-service", 8080), new ServiceImage.Service("public-service", 8080));
    }

    @Test
    void withoutAServiceNamedTheBuildMakesAnImageForEveryServiceOfTheList() throws Exception {
        Path services = dir.resolve("services-all");
        write(services.resolve("pom.xml"), "<project><modules><module>incident-service</module>"
                + "<module>broadcast-service</module></modules></project>");
        Map<String, Integer> ports = Map.of("incident-service", 8081, "broadcast-service", 8080);
        for (var service : ports.entrySet()) {
            Path module = services.resolve(service.getKey());
            write(module.resolve("src/main/resources/application.properties"), "quarkus.http.port=" + service.getValue() + "\n");
            try (Stream<Path> tree = Files.walk(dir.resolve("quarkus-app"))) {
                for (Path file : tree.filter(Files::isRegularFile).toList()) {
                    Path to = module.resolve("target/quarkus-app").resolve(dir.resolve("quarkus-app").relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to);
                }
            }
            Files.copy(dir.resolve("incident-service-maven.cdx.json"), module.resolve("target/" + service.getKey() + "-maven.cdx.json"));
        }
        ServiceImage.main(new String[] {"--version", "0.1.0-SNAPSHOT", "--services", services.toString(),
                "--base-dir", dir.resolve("base").toString(), "--base", "", "--java", "/opt/java/bin/java",
                "--cache", dir.resolve("cache-all").toString()});
        for (var service : ports.entrySet()) {
            Path tarball = services.resolve(service.getKey() + "/target/" + service.getKey() + "-image.tar");
            Map<String, byte[]> image = readTar(Files.readAllBytes(tarball));
            JsonNode index = JSON.readTree(image.get("index.json"));
            String digest = index.path("manifests").path(0).path("digest").asText();
            assertThat(Files.readString(tarball.resolveSibling(service.getKey() + "-image.digest")).strip()).isEqualTo(digest);
            JsonNode imageManifest = JSON.readTree(image.get("blobs/sha256/" + digest.substring("sha256:".length())));
            JsonNode imageConfig = JSON.readTree(image.get("blobs/sha256/"
                    + imageManifest.path("config").path("digest").asText().substring("sha256:".length())));
            assertThat(imageConfig.path("config").path("ExposedPorts").has(service.getValue() + "/tcp")).as(service.getKey()).isTrue();
            assertThat(imageConfig.path("config").path("Labels").path("org.opencontainers.image.title").asText())
                    .isEqualTo(service.getKey());
        }
    }

    private static byte[] blob(String digest) {
        byte[] blob = blobs.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertThat(blob).as(digest).isNotNull();
        return blob;
    }

    private static Map<String, byte[]> readTar(byte[] tarball) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = new ByteArrayInputStream(tarball); var tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries.put(entry.getName(), tar.readAllBytes());
            }
        }
        return entries;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
