package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What runs is what was built and tested: Tocsin's images by digest in production (pinned by tools/pin-images.sh
 * from the build's tarballs), no floating image anywhere, Kafka and PostgreSQL versions pinned.
 */
class ImagesTest {

    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    static final Pattern CNPG_IMAGE = Pattern.compile(
            "ghcr\\.io/cloudnative-pg/postgresql:(\\d+)\\.(\\d+)-[A-Za-z0-9._-]+@(sha256:[0-9a-f]{64})");
    static final Path PIN_IMAGES = Overlays.K8S.getParent().resolve("tools/pin-images.sh");

    static List<String> overlays() throws IOException {
        return Overlays.names();
    }

    @Test
    void productionRunsEveryTocsinImageByDigestFromItsRegistry() {
        List<JsonNode> deployments = Overlays.ofKind(Overlays.render("production"), "Deployment");
        assertThat(deployments).extracting(Overlays::name).containsAll(ManifestsTest.MODULES);
        for (JsonNode deployment : deployments) {
            for (JsonNode container : containers(deployment)) {
                assertThat(container.path("image").asText()).as(Overlays.name(deployment)
                                + " by digest (a new service: ./tocsin build, then tools/pin-images.sh)")
                        .matches("registry\\.tocsin\\.example/tocsin/" + Pattern.quote(Overlays.name(deployment))
                                + "@" + DIGEST.pattern());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noImageFloats(String overlay) {
        List<String> floating = new ArrayList<>();
        for (JsonNode object : Overlays.render(overlay)) {
            for (String image : images(object)) {
                String tagless = image.replaceFirst("@sha256:.*$", "");
                boolean hasDigest = image.contains("@sha256:");
                boolean hasTag = tagless.lastIndexOf(':') > tagless.lastIndexOf('/');
                if (image.endsWith(":latest") || tagless.endsWith(":latest") || !(hasDigest || hasTag)) {
                    floating.add(object.path("kind").asText() + "/" + Overlays.name(object) + ": " + image);
                }
            }
        }
        assertThat(floating).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaRunsAPinnedVersionWithItsMetadataVersion(String overlay) {
        JsonNode kafka = Overlays.named(Overlays.render(overlay), "Kafka", "tocsin-kafka").path("spec").path("kafka");
        String version = kafka.path("version").asText();
        assertThat(version).as("Kafka version").matches("\\d+\\.\\d+\\.\\d+");
        String minor = version.substring(0, version.lastIndexOf('.'));
        // The metadata version of that release (or an older one during an upgrade), never left to the default.
        assertThat(kafka.path("metadataVersion").asText()).as("metadataVersion").matches("\\d+\\.\\d+(-IV\\d+)?");
        assertThat(compareMinor(kafka.path("metadataVersion").asText().replaceFirst("-IV\\d+$", ""), minor))
                .as("metadataVersion " + kafka.path("metadataVersion").asText() + " newer than Kafka " + version)
                .isLessThanOrEqualTo(0);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void postgresRunsAPinnedImageOfTheMajorTheTestsRun(String overlay) {
        JsonNode cluster = Overlays.named(Overlays.render(overlay), "Cluster", "tocsin-db");
        Matcher image = CNPG_IMAGE.matcher(cluster.path("spec").path("imageName").asText());
        assertThat(image.matches()).as("imageName " + cluster.path("spec").path("imageName").asText()
                + ": CloudNativePG's image, full version tag and digest").isTrue();
        String tested = System.getProperty("tocsin.postgres.version", "");
        assertThat(tested).as("tocsin.postgres.version (k8s/pom.xml)").isNotBlank();
        assertThat(image.group(1)).as("PostgreSQL major in production vs tests").isEqualTo(tested.split("\\.")[0]);
    }

    @Test
    void pinImagesWritesEachTarballsManifestDigestAndTheOverlayRendersIt(@TempDir Path dir) throws Exception {
        Path k8s = copyManifests(dir);
        Map<String, String> digests = new TreeMap<>();
        for (String service : ManifestsTest.MODULES) {
            digests.put(service, fakeImage(dir.resolve("services"), service, false));
        }
        Run pin = pinImages(dir, k8s, List.of());
        assertThat(pin.exit()).as(pin.output()).isZero();
        Run check = pinImages(dir, k8s, List.of("--check"));
        assertThat(check.exit()).as(check.output()).isZero();

        List<JsonNode> rendered = kustomize(k8s.resolve("overlays/production"));
        for (JsonNode deployment : Overlays.ofKind(rendered, "Deployment")) {
            assertThat(containers(deployment).get(0).path("image").asText())
                    .isEqualTo("registry.tocsin.example/tocsin/" + Overlays.name(deployment) + "@"
                            + digests.get(Overlays.name(deployment)));
        }

        // A new build: --check notices that the pins are stale.
        String rebuilt = fakeImage(dir.resolve("services"), "fallback-service", false, "{\"rebuilt\":true}");
        assertThat(rebuilt).isNotEqualTo(digests.get("fallback-service"));
        Run stale = pinImages(dir, k8s, List.of("--check"));
        assertThat(stale.exit()).as(stale.output()).isNotZero();
        assertThat(stale.output()).contains("does not pin these images");
    }

    @Test
    void pinImagesRefusesATarballWhoseManifestDoesNotMatchItsIndex(@TempDir Path dir) throws Exception {
        Path k8s = copyManifests(dir);
        for (String service : ManifestsTest.MODULES) {
            fakeImage(dir.resolve("services"), service, service.equals("incident-service"));
        }
        Path pins = k8s.resolve("overlays/production/images/kustomization.yaml");
        String before = Files.readString(pins);
        Run pin = pinImages(dir, k8s, List.of());
        assertThat(pin.exit()).as(pin.output()).isNotZero();
        assertThat(pin.output()).contains("incident-service-image.tar").contains("hashes to");
        assertThat(Files.readString(pins)).isEqualTo(before);
    }

    /** An OCI layout tarball with an index naming a manifest blob; {@code tampered}: the blob is not that manifest. */
    private static String fakeImage(Path services, String service, boolean tampered) throws Exception {
        return fakeImage(services, service, tampered, "{}");
    }

    private static String fakeImage(Path services, String service, boolean tampered, String extra) throws Exception {
        Path layout = Files.createTempDirectory(services.getParent(), service);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"x\":"
                + extra + ",\"service\":\"" + service + "\"}").getBytes(StandardCharsets.UTF_8);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.write(layout.resolve("blobs/sha256/" + digest.substring(7)),
                tampered ? "{\"other\":true}".getBytes(StandardCharsets.UTF_8) : manifest);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":"
                + manifest.length + "}]}");
        Path tarball = services.resolve(service + "/target/" + service + "-image.tar");
        Files.createDirectories(tarball.getParent());
        Process tar = new ProcessBuilder("tar", "-cf", tarball.toString(), "-C", layout.toString(),
                "oci-layout", "index.json", "blobs").redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0).as(out).isTrue();
        return digest;
    }

    private static Path copyManifests(Path dir) throws IOException {
        Path k8s = dir.resolve("k8s");
        for (String part : List.of("base", "components", "overlays/production")) {
            Path from = Overlays.K8S.resolve(part);
            try (Stream<Path> tree = Files.walk(from)) {
                for (Path file : tree.toList()) {
                    Path to = k8s.resolve(part).resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(file, to);
                    }
                }
            }
        }
        return k8s;
    }

    record Run(int exit, String output) {
    }

    private static Run pinImages(Path dir, Path k8s, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", PIN_IMAGES.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TOCSIN_SERVICES_DIR", dir.resolve("services").toString());
        builder.environment().put("TOCSIN_IMAGES_FILE", k8s.resolve("overlays/production/images/kustomization.yaml").toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out);
    }

    private static List<JsonNode> kustomize(Path overlay) throws Exception {
        Process process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as(out).isTrue();
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = Overlays.YAML.getFactory().createParser(out)) {
            Overlays.YAML.readValues(parser, JsonNode.class).forEachRemaining(objects::add);
        }
        return objects;
    }

    private static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> containers = new ArrayList<>();
        JsonNode pod = workload.path("spec").path("template").path("spec");
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        return containers;
    }

    /** Every image an object names: pod containers, CloudNativePG's imageName, Strimzi's image overrides. */
    private static List<String> images(JsonNode object) {
        List<String> images = new ArrayList<>();
        containers(object).forEach(c -> images.add(c.path("image").asText()));
        object.findValues("image").stream().filter(JsonNode::isTextual).map(JsonNode::asText).forEach(images::add);
        object.findValues("imageName").stream().filter(JsonNode::isTextual).map(JsonNode::asText).forEach(images::add);
        return images.stream().distinct().toList();
    }

    private static int compareMinor(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        int major = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return major != 0 ? major : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }
}
