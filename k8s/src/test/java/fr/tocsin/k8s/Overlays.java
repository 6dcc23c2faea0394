package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The overlays under k8s/overlays, rendered by {@code kubectl kustomize} as a deployment would render them. */
final class Overlays {

    static final Path K8S = Path.of(System.getProperty("tocsin.k8s", ".")).toAbsolutePath().normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {
    }

    static List<String> names() throws IOException {
        try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
            return overlays.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static List<JsonNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Overlays::kustomize);
    }

    private static List<JsonNode> kustomize(String overlay) {
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", K8S.resolve("overlays").resolve(overlay).toString())
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + overlay + " failed:\n" + out);
            }
            List<JsonNode> objects = new ArrayList<>();
            try (var parser = YAML.getFactory().createParser(out)) {
                var documents = YAML.readValues(parser, JsonNode.class);
                while (documents.hasNext()) {
                    JsonNode document = documents.next();
                    if (document != null && !document.isNull() && !document.isEmpty()) {
                        objects.add(document);
                    }
                }
            }
            return objects;
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render the manifests: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Secrets an overlay refers to that are created by hand at install, never committed: its
     * {@code required-secrets.yaml}, name to keys.
     */
    static Map<String, Set<String>> requiredSecrets(String overlay) {
        Path file = K8S.resolve("overlays").resolve(overlay).resolve("required-secrets.yaml");
        Map<String, Set<String>> secrets = new HashMap<>();
        if (!Files.exists(file)) {
            return secrets;
        }
        try {
            for (JsonNode secret : YAML.readTree(file.toFile())) {
                Set<String> keys = new HashSet<>();
                secret.path("keys").forEach(key -> keys.add(key.asText()));
                secrets.put(secret.path("name").asText(), keys);
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + file, e);
        }
        return secrets;
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }
}
