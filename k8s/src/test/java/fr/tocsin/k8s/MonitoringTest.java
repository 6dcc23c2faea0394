package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus (namespace {@code monitoring}) sees every part of Tocsin the alerts are about: each service, the Kafka
 * brokers, Kafka Exporter and the PostgreSQL instances are selected by a PodMonitor on a port they have, under the
 * job name the alert rules use; the network policies let the monitoring namespace reach exactly those ports, and
 * nothing else. The pods the operators make are modelled with the labels and port names Strimzi 1.2 and
 * CloudNativePG 1.30 give them (tcp-prometheus 9404; metrics 9187).
 */
class MonitoringTest {

    static final String MONITORING = "monitoring";

    static List<String> overlays() throws IOException {
        return Overlays.names();
    }

    /** A pod of the overlay as the scrape sees it: its labels and its named ports. */
    record Pod(String name, JsonNode labels, Map<String, Integer> ports) {
    }

    static List<Pod> pods(List<JsonNode> objects) {
        List<Pod> pods = new ArrayList<>();
        for (JsonNode deployment : Overlays.ofKind(objects, "Deployment")) {
            Map<String, Integer> ports = new HashMap<>();
            deployment.path("spec").path("template").path("spec").path("containers").forEach(container ->
                    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt())));
            pods.add(new Pod(Overlays.name(deployment), deployment.path("spec").path("template").path("metadata").path("labels"), ports));
        }
        for (JsonNode kafka : Overlays.ofKind(objects, "Kafka")) {
            String cluster = Overlays.name(kafka);
            boolean metrics = !kafka.path("spec").path("kafka").path("metricsConfig").isMissingNode();
            for (JsonNode pool : Overlays.ofKind(objects, "KafkaNodePool")) {
                ObjectNode labels = Overlays.YAML.createObjectNode().put("strimzi.io/cluster", cluster)
                        .put("strimzi.io/kind", "Kafka").put("strimzi.io/name", cluster + "-kafka")
                        .put("strimzi.io/pool-name", Overlays.name(pool));
                pods.add(new Pod("Kafka node " + Overlays.name(pool), labels, metrics ? Map.of("tcp-prometheus", 9404) : Map.of()));
            }
            if (kafka.path("spec").has("kafkaExporter")) {
                ObjectNode labels = Overlays.YAML.createObjectNode().put("strimzi.io/cluster", cluster)
                        .put("strimzi.io/kind", "Kafka").put("strimzi.io/name", cluster + "-kafka-exporter")
                        .put("strimzi.io/component-type", "kafka-exporter");
                pods.add(new Pod("Kafka Exporter", labels, Map.of("tcp-prometheus", 9404)));
            }
        }
        for (JsonNode cluster : Overlays.ofKind(objects, "Cluster")) {
            ObjectNode labels = Overlays.YAML.createObjectNode().put("cnpg.io/cluster", Overlays.name(cluster))
                    .put("cnpg.io/podRole", "instance");
            pods.add(new Pod("PostgreSQL " + Overlays.name(cluster), labels, Map.of("metrics", 9187, "postgresql", 5432)));
        }
        return pods;
    }

    /** Pod to the ports it is scraped on, through the PodMonitors; checks each scrape names a real port. */
    static Map<Pod, Set<Integer>> scraped(List<JsonNode> objects, List<String> problems) {
        Map<Pod, Set<Integer>> scraped = new LinkedHashMap<>();
        for (JsonNode monitor : Overlays.ofKind(objects, "PodMonitor")) {
            JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
            List<Pod> selected = pods(objects).stream().filter(p -> ManifestsTest.selects(selector, p.labels())).toList();
            if (selected.isEmpty()) {
                problems.add("PodMonitor " + Overlays.name(monitor) + " selects no pod");
            }
            for (Pod pod : selected) {
                String jobLabel = monitor.path("spec").path("jobLabel").asText("");
                if (jobLabel.isEmpty() || pod.labels().path(jobLabel).isMissingNode()) {
                    problems.add("PodMonitor " + Overlays.name(monitor) + ": " + pod.name() + " has no jobLabel '" + jobLabel + "'");
                }
                for (JsonNode endpoint : monitor.path("spec").path("podMetricsEndpoints")) {
                    Integer port = pod.ports().get(endpoint.path("port").asText());
                    if (port == null) {
                        problems.add("PodMonitor " + Overlays.name(monitor) + ": " + pod.name() + " has no port named "
                                + endpoint.path("port").asText());
                    } else {
                        scraped.computeIfAbsent(pod, k -> new HashSet<>()).add(port);
                    }
                }
            }
        }
        return scraped;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceKafkaAndPostgresIsScrapedUnderTheJobTheAlertsUse(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        Map<Pod, Set<Integer>> scraped = scraped(objects, problems);
        for (Pod pod : pods(objects)) {
            assertThat(scraped).as(pod.name() + " is scraped").containsKey(pod);
        }
        for (String service : ManifestsTest.MODULES) {
            JsonNode monitor = Overlays.ofKind(objects, "PodMonitor").stream()
                    .filter(m -> ManifestsTest.selects(m.path("spec").path("selector").path("matchLabels"),
                            Overlays.named(objects, "Deployment", service).path("spec").path("template").path("metadata").path("labels")))
                    .findFirst().orElseThrow();
            assertThat(monitor.path("spec").path("podMetricsEndpoints").path(0).path("path").asText())
                    .as(service + ": Micrometer's Prometheus endpoint").isEqualTo("/q/metrics");
            assertThat(monitor.path("spec").path("podMetricsEndpoints").path(0).path("port").asText()).as(service + " port")
                    .isEqualTo("http");
        }
        // The jobs the alert rules name are jobs the PodMonitors make (job = the value of the pod's jobLabel).
        Set<String> jobs = new HashSet<>();
        for (JsonNode monitor : Overlays.ofKind(objects, "PodMonitor")) {
            String jobLabel = monitor.path("spec").path("jobLabel").asText();
            pods(objects).stream().filter(p -> ManifestsTest.selects(monitor.path("spec").path("selector").path("matchLabels"), p.labels()))
                    .forEach(p -> jobs.add(p.labels().path(jobLabel).asText()));
        }
        Pattern job = Pattern.compile("job=\"([^\"]+)\"");
        for (JsonNode rule : Overlays.ofKind(objects, "PrometheusRule")) {
            for (JsonNode group : rule.path("spec").path("groups")) {
                for (JsonNode r : group.path("rules")) {
                    Matcher m = job.matcher(r.path("expr").asText());
                    while (m.find()) {
                        assertThat(jobs).as(r.path("alert").asText() + " selects job " + m.group(1)).contains(m.group(1));
                    }
                }
            }
        }
        // Strimzi reads the exporter's rules from the ConfigMap the Kafka names.
        JsonNode ref = Overlays.ofKind(objects, "Kafka").get(0).path("spec").path("kafka").path("metricsConfig")
                .path("valueFrom").path("configMapKeyRef");
        assertThat(Overlays.named(objects, "ConfigMap", ref.path("name").asText()).path("data").path(ref.path("key").asText()).asText())
                .as("Kafka metricsConfig rules").contains("rules:");
        assertThat(problems).as("overlay " + overlay).isEmpty();
    }

    /**
     * Default deny lets nothing in: each scraped port must be opened to the monitoring namespace by a policy selecting
     * the pod, and a rule admitting the monitoring namespace must open only scraped ports of the pods it selects.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theMonitoringNamespaceReachesTheMetricsPortsAndNothingElse(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        Map<Pod, Set<Integer>> scraped = scraped(objects, problems);
        List<JsonNode> policies = Overlays.ofKind(objects, "NetworkPolicy");
        for (var entry : scraped.entrySet()) {
            Pod pod = entry.getKey();
            for (int port : entry.getValue()) {
                boolean allowed = policies.stream()
                        .filter(p -> ManifestsTest.selects(p.path("spec").path("podSelector").path("matchLabels"), pod.labels()))
                        .flatMap(p -> list(p.path("spec").path("ingress")).stream())
                        .anyMatch(rule -> fromMonitoring(rule) && opens(rule, port));
                if (!allowed) {
                    problems.add(pod.name() + ": no network policy lets " + MONITORING + " scrape port " + port);
                }
            }
        }
        for (JsonNode policy : policies) {
            JsonNode selector = policy.path("spec").path("podSelector").path("matchLabels");
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                if (!fromMonitoring(rule)) {
                    continue;
                }
                if (rule.path("ports").isEmpty()) {
                    problems.add("NetworkPolicy " + Overlays.name(policy) + " opens every port to " + MONITORING);
                }
                for (JsonNode port : rule.path("ports")) {
                    int number = port.path("port").asInt();
                    boolean isMetrics = scraped.entrySet().stream()
                            .filter(e -> ManifestsTest.selects(selector, e.getKey().labels()))
                            .allMatch(e -> e.getValue().contains(number));
                    if (!isMetrics || selector.isEmpty()) {
                        problems.add("NetworkPolicy " + Overlays.name(policy) + " opens port " + number + " to " + MONITORING
                                + " on pods not scraped there");
                    }
                }
                for (JsonNode peer : rule.path("from")) {
                    if (peer.has("ipBlock")) {
                        problems.add("NetworkPolicy " + Overlays.name(policy) + ": an ipBlock beside " + MONITORING);
                    }
                }
            }
        }
        assertThat(problems).as("overlay " + overlay).isEmpty();
    }

    static boolean fromMonitoring(JsonNode rule) {
        for (JsonNode peer : rule.path("from")) {
            if (MONITORING.equals(peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean opens(JsonNode rule, int port) {
        if (rule.path("ports").isEmpty()) {
            return true;
        }
        for (JsonNode p : rule.path("ports")) {
            if (p.path("port").asInt() == port && p.path("protocol").asText("TCP").equals("TCP")) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
