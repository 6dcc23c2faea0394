package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The operators' custom resource definitions (Strimzi, CloudNativePG), vendored under k8s/crds with their release,
 * as JSON schemas. Made strict the way {@code kubectl apply --validate=strict} is: a field the schema does not
 * know is an error, except where the schema preserves unknown fields.
 */
final class CrdSchemas {

    private final Map<String, JsonSchema> byApiVersionAndKind = new HashMap<>();

    CrdSchemas(Path crds) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        try (Stream<Path> files = Files.walk(crds)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode crd = Overlays.YAML.readTree(file.toFile());
                if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if (!version.path("served").asBoolean()) {
                        continue;
                    }
                    ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                    strict(schema, true);
                    byApiVersionAndKind.put(group + "/" + version.path("name").asText() + " " + kind, factory.getSchema(schema));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean knows(String group) {
        return byApiVersionAndKind.keySet().stream().anyMatch(key -> key.startsWith(group + "/"));
    }

    Optional<Set<ValidationMessage>> validate(JsonNode object) {
        JsonSchema schema = byApiVersionAndKind.get(object.path("apiVersion").asText() + " " + object.path("kind").asText());
        return Optional.ofNullable(schema).map(s -> s.validate(object));
    }

    /** Closes every object schema that lists its properties, unless it preserves unknown fields. */
    private static void strict(JsonNode node, boolean root) {
        if (node instanceof ObjectNode object) {
            boolean preserves = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (object.has("properties") && !object.has("additionalProperties") && !preserves) {
                ObjectNode properties = (ObjectNode) object.get("properties");
                if (root) {
                    // apiVersion, kind and metadata are the API server's, not always in the CRD schema.
                    properties.putObject("apiVersion").put("type", "string");
                    properties.putObject("kind").put("type", "string");
                    properties.putObject("metadata").put("type", "object");
                }
                object.put("additionalProperties", false);
            }
            object.fields().forEachRemaining(entry -> strict(entry.getValue(), false));
        } else if (node != null && node.isArray()) {
            node.forEach(child -> strict(child, false));
        }
    }
}
