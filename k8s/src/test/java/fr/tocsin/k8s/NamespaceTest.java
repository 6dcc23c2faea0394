package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The namespace each overlay deploys to: Pod Security Admission enforces {@code restricted} (and every Deployment
 * passes it), and the ResourceQuota holds the whole overlay at its largest, with the LimitRange's defaults for the
 * containers that name no resources. The pods the operators make are counted the way they make them: Strimzi one per
 * KafkaNodePool replica, one entity operator (two containers), one Kafka Exporter; CloudNativePG one per instance
 * plus the Barman Cloud plugin's sidecar in each, and one job pod (join, backup) of the instances' size beside them.
 */
class NamespaceTest {

    static List<String> overlays() throws IOException {
        return Overlays.names();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theNamespaceEnforcesRestrictedPodSecurityAndEveryDeploymentPassesIt(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        Set<String> namespaces = new HashSet<>();
        objects.stream().filter(o -> !o.path("kind").asText().equals("Namespace"))
                .forEach(o -> namespaces.add(o.path("metadata").path("namespace").asText()));
        assertThat(namespaces).as("one namespace").hasSize(1);
        JsonNode namespace = Overlays.named(objects, "Namespace", namespaces.iterator().next());
        for (String mode : List.of("enforce", "audit", "warn")) {
            assertThat(namespace.path("metadata").path("labels").path("pod-security.kubernetes.io/" + mode).asText())
                    .as(overlay + " Pod Security " + mode).isEqualTo("restricted");
        }
        // The restricted profile's checks (Pod Security Standards), on what the overlay's own templates say.
        List<String> violations = new ArrayList<>();
        Set<String> allowedVolumes = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
                "projected", "secret", "name");
        for (JsonNode deployment : Overlays.ofKind(objects, "Deployment")) {
            String name = Overlays.name(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (pod.path(host).asBoolean(false)) {
                    violations.add(name + " " + host);
                }
            }
            pod.path("volumes").forEach(v -> v.fieldNames().forEachRemaining(type -> {
                if (!allowedVolumes.contains(type)) {
                    violations.add(name + " volume type " + type);
                }
            }));
            List<JsonNode> containers = new ArrayList<>();
            pod.path("containers").forEach(containers::add);
            pod.path("initContainers").forEach(containers::add);
            for (JsonNode container : containers) {
                String where = name + "/" + container.path("name").asText();
                JsonNode security = container.path("securityContext");
                if (security.path("privileged").asBoolean(false)) {
                    violations.add(where + " privileged");
                }
                if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                    violations.add(where + " allowPrivilegeEscalation not false");
                }
                if (!(security.path("runAsNonRoot").asBoolean(false) || pod.path("securityContext").path("runAsNonRoot").asBoolean(false))) {
                    violations.add(where + " runAsNonRoot not true");
                }
                if (security.path("runAsUser").asInt(pod.path("securityContext").path("runAsUser").asInt(-1)) == 0) {
                    violations.add(where + " runs as user 0");
                }
                String seccomp = security.path("seccompProfile").path("type").asText(pod.path("securityContext").path("seccompProfile")
                        .path("type").asText(""));
                if (!Set.of("RuntimeDefault", "Localhost").contains(seccomp)) {
                    violations.add(where + " seccomp " + seccomp);
                }
                if (!security.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
                    violations.add(where + " does not drop ALL capabilities");
                }
                security.path("capabilities").path("add").forEach(c -> {
                    if (!c.asText().equals("NET_BIND_SERVICE")) {
                        violations.add(where + " adds " + c.asText());
                    }
                });
                container.path("ports").forEach(p -> {
                    if (p.has("hostPort")) {
                        violations.add(where + " hostPort");
                    }
                });
            }
        }
        assertThat(violations).as(overlay + ": refused by Pod Security Admission (restricted)").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theQuotaHoldsTheWholeOverlayAtItsLargest(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        JsonNode hard = Overlays.ofKind(objects, "ResourceQuota").get(0).path("spec").path("hard");
        JsonNode limitRange = Overlays.ofKind(objects, "LimitRange").get(0).path("spec").path("limits").get(0);
        Usage usage = new Usage(limitRange);
        for (JsonNode deployment : Overlays.ofKind(objects, "Deployment")) {
            String name = Overlays.name(deployment);
            int replicas = Overlays.ofKind(objects, "HorizontalPodAutoscaler").stream()
                    .filter(h -> name.equals(h.path("spec").path("scaleTargetRef").path("name").asText()))
                    .mapToInt(h -> h.path("spec").path("maxReplicas").asInt()).findFirst()
                    .orElse(deployment.path("spec").path("replicas").asInt(1));
            JsonNode surge = deployment.path("spec").path("strategy").path("rollingUpdate").path("maxSurge");
            int extra = surge.isInt() ? surge.asInt()
                    : (int) Math.ceil(replicas * Integer.parseInt(surge.asText("25%").replace("%", "")) / 100.0);
            List<JsonNode> containers = new ArrayList<>();
            deployment.path("spec").path("template").path("spec").path("containers").forEach(c -> containers.add(c.path("resources")));
            usage.pods("Deployment " + name, replicas + extra, containers);
        }
        JsonNode kafka = Overlays.ofKind(objects, "Kafka").get(0).path("spec");
        for (JsonNode pool : Overlays.ofKind(objects, "KafkaNodePool")) {
            int replicas = pool.path("spec").path("replicas").asInt();
            JsonNode resources = pool.path("spec").has("resources") ? pool.path("spec").path("resources") : kafka.path("kafka").path("resources");
            usage.pods("KafkaNodePool " + Overlays.name(pool), replicas, List.of(resources));
            for (JsonNode volume : pool.path("spec").path("storage").path("volumes")) {
                usage.claims(replicas, volume.path("size").asText());
            }
        }
        JsonNode entityOperator = kafka.path("entityOperator");
        if (!entityOperator.isMissingNode()) {
            List<JsonNode> containers = new ArrayList<>();
            for (String operator : List.of("topicOperator", "userOperator")) {
                if (entityOperator.has(operator)) {
                    containers.add(entityOperator.path(operator).path("resources"));
                }
            }
            usage.pods("entity operator", 1, containers);
        }
        if (kafka.has("kafkaExporter")) {
            usage.pods("Kafka Exporter", 1, List.of(kafka.path("kafkaExporter").path("resources")));
        }
        for (JsonNode cluster : Overlays.ofKind(objects, "Cluster")) {
            JsonNode spec = cluster.path("spec");
            int instances = spec.path("instances").asInt(1);
            List<JsonNode> containers = new ArrayList<>(List.of(spec.path("resources")));
            if (!spec.path("plugins").isEmpty()) {
                containers.add(Overlays.YAML.createObjectNode()); // the backup plugin's sidecar: LimitRange defaults
            }
            usage.pods("Cluster " + Overlays.name(cluster), instances, containers);
            usage.pods("Cluster " + Overlays.name(cluster) + " job", 1, List.of(spec.path("resources")));
            usage.claims(instances, spec.path("storage").path("size").asText());
            if (spec.has("walStorage")) {
                usage.claims(instances, spec.path("walStorage").path("size").asText());
            }
        }
        Map<String, BigDecimal> used = usage.totals;
        for (var entry : used.entrySet()) {
            assertThat(hard.has(entry.getKey())).as("the quota bounds " + entry.getKey()).isTrue();
            BigDecimal limit = Quantity.getAmountInBytes(Quantity.parse(hard.path(entry.getKey()).asText()));
            assertThat(entry.getValue()).as(overlay + " " + entry.getKey() + " at its largest (" + usage.detail + ") within the quota "
                    + hard.path(entry.getKey()).asText()).isLessThanOrEqualTo(limit);
        }
        // The LimitRange refuses no container of the overlay.
        BigDecimal max = Quantity.getAmountInBytes(Quantity.parse(limitRange.path("max").path("memory").asText()));
        assertThat(usage.largestMemoryLimit).as(overlay + " largest memory limit within the LimitRange's max").isLessThanOrEqualTo(max);
    }

    /** Requests and limits summed the way the quota counts them: a request defaults to the limit, then to the LimitRange. */
    private static final class Usage {
        final Map<String, BigDecimal> totals = new TreeMap<>();
        final StringBuilder detail = new StringBuilder();
        final JsonNode limitRange;
        BigDecimal largestMemoryLimit = BigDecimal.ZERO;

        Usage(JsonNode limitRange) {
            this.limitRange = limitRange;
        }

        void pods(String what, int count, List<JsonNode> containers) {
            add("pods", BigDecimal.valueOf(count));
            for (JsonNode resources : containers) {
                BigDecimal memoryLimit = amount(resources.path("limits").path("memory"), limitRange.path("default").path("memory"));
                BigDecimal memory = amount(resources.path("requests").path("memory"),
                        resources.path("limits").has("memory") ? resources.path("limits").path("memory")
                                : limitRange.path("defaultRequest").path("memory"));
                BigDecimal cpu = amount(resources.path("requests").path("cpu"),
                        resources.path("limits").has("cpu") ? resources.path("limits").path("cpu") : limitRange.path("defaultRequest").path("cpu"));
                add("requests.cpu", cpu.multiply(BigDecimal.valueOf(count)));
                add("requests.memory", memory.multiply(BigDecimal.valueOf(count)));
                add("limits.memory", memoryLimit.multiply(BigDecimal.valueOf(count)));
                largestMemoryLimit = largestMemoryLimit.max(memoryLimit);
            }
            detail.append(detail.isEmpty() ? "" : ", ").append(what).append(" x").append(count);
        }

        void claims(int count, String size) {
            add("persistentvolumeclaims", BigDecimal.valueOf(count));
            add("requests.storage", Quantity.getAmountInBytes(Quantity.parse(size)).multiply(BigDecimal.valueOf(count)));
        }

        private void add(String key, BigDecimal amount) {
            totals.merge(key, amount.setScale(3, RoundingMode.UP), BigDecimal::add);
        }

        private static BigDecimal amount(JsonNode value, JsonNode fallback) {
            JsonNode chosen = value.isMissingNode() || value.asText().isEmpty() ? fallback : value;
            return Quantity.getAmountInBytes(Quantity.parse(chosen.asText()));
        }
    }
}
