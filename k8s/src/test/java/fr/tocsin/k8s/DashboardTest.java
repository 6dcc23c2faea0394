package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard every overlay ships (a ConfigMap the Grafana sidecar picks up by its label) parses, and every
 * metric its queries read is one that something exposes: a renamed metric would otherwise leave an empty panel that
 * nobody notices until the night it is needed.
 */
class DashboardTest {

    /** What the services expose on /q/metrics (their tests check the tocsin_* ones move: MetricsTest and others). */
    static final Set<String> SERVICES = Set.of(
            // Quarkus' HTTP server timer (buckets on the authority APIs only: service-kit's HttpLatencyHistogram)
            "http_server_requests_seconds_count", "http_server_requests_seconds_sum", "http_server_requests_seconds_max",
            "http_server_requests_seconds_bucket",
            // Micrometer's JVM and process binders
            "jvm_memory_used_bytes", "jvm_memory_max_bytes", "process_cpu_usage", "system_cpu_count",
            "jvm_gc_pause_seconds_sum",
            // Kafka clients, through Quarkus' Micrometer Kafka binder
            "kafka_consumer_fetch_manager_records_lag_max",
            // Tocsin's own
            "tocsin_publication_latency_seconds_bucket", "tocsin_publication_latency_seconds_count",
            "tocsin_public_in_flight", "tocsin_admission_refused_total", "tocsin_sse_streams_open",
            "tocsin_deliveries_total", "tocsin_deliveries_pending",
            "tocsin_audit_chain_valid", "tocsin_audit_chain_verified_timestamp_seconds",
            // service-kit's outbox (kit18)
            "tocsin_outbox_backlog", "tocsin_outbox_oldest_age_seconds");

    /**
     * Metrics only one service exposes, with that service: the dashboard and the alerts select them by it, so a
     * metric that moves (deliveries to broadcast-service, #18) cannot leave a panel or an alert on its old home.
     */
    static final Map<String, String> OWNERS = Map.of(
            "tocsin_deliveries_total", "broadcast-service",
            "tocsin_deliveries_pending", "broadcast-service");

    /** What the exporters expose: Strimzi's Kafka Exporter (consumer-group lag as the brokers see it). */
    static final Set<String> EXPORTERS = Set.of("kafka_consumergroup_lag");

    /** PromQL words that are not metrics: functions (followed by a parenthesis) and keywords. */
    private static final Set<String> FUNCTIONS = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "histogram_quantile", "time", "label_values", "clamp_min", "clamp_max", "topk", "bottomk", "abs", "vector",
            "scalar");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring)\\s*\\(([^)]*)\\)");
    private static final Pattern TOKEN = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    static List<String> overlays() throws IOException {
        return Overlays.names();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyOverlayShipsTheDashboardToTheGrafanaSidecar(String overlay) throws IOException {
        JsonNode map = Overlays.named(Overlays.render(overlay), "ConfigMap", "tocsin-grafana-dashboard");
        assertThat(map.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        JsonNode dashboard = new ObjectMapper().readTree(map.path("data").path("tocsin.json").asText());
        assertThat(dashboard.path("uid").asText()).isEqualTo("tocsin-overview");
    }

    @Test
    void everyMetricTheDashboardQueriesIsExposed() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Overlays.K8S.resolve("base/monitoring/tocsin-dashboard.json").toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.path("query").has("query")) {
                expressions.add(variable.path("query").path("query").asText());
            }
        });
        assertThat(expressions).as("queries").hasSizeGreaterThan(20);

        Set<String> used = new TreeSet<>();
        List<String> unreadable = new ArrayList<>();
        for (String expression : expressions) {
            Set<String> metrics = metrics(expression, unreadable);
            assertThat(metrics).as("a metric in " + expression).isNotEmpty();
            used.addAll(metrics);
        }
        assertThat(unreadable).as("words that are neither a metric selector, a function nor a keyword").isEmpty();
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(SERVICES);
        unknown.removeAll(EXPORTERS);
        assertThat(unknown).as("metrics nothing exposes").isEmpty();
        // Every pipeline signal of #17 is on the dashboard.
        assertThat(used).contains("tocsin_publication_latency_seconds_bucket", "tocsin_outbox_backlog",
                "tocsin_outbox_oldest_age_seconds", "kafka_consumergroup_lag", "tocsin_deliveries_total",
                "tocsin_admission_refused_total", "tocsin_sse_streams_open", "tocsin_audit_chain_valid");
    }

    @Test
    void panelsOfAMetricOneServiceOwnsSelectThatService() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Overlays.K8S.resolve("base/monitoring/tocsin-dashboard.json").toFile());
        Set<String> shown = new TreeSet<>();
        for (JsonNode panel : dashboard.findParents("targets")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                OWNERS.forEach((metric, owner) -> {
                    Matcher use = Pattern.compile("\\b" + metric + "\\b(\\{[^}]*})?").matcher(expr);
                    while (use.find()) {
                        shown.add(metric);
                        assertThat(use.group(1)).as(panel.path("title").asText() + ": " + use.group()).isNotNull()
                                .contains("container=\"" + owner + "\"");
                    }
                });
            }
        }
        assertThat(shown).as("on the dashboard").containsExactlyInAnyOrderElementsOf(OWNERS.keySet());
    }

    @Test
    void theParserFindsABareMetricName() {
        List<String> unreadable = new ArrayList<>();
        assertThat(metrics("sum by (pod) (rate(http_server_requests_seconds_count{namespace=\"x\"}[5m])) / up", unreadable))
                .containsExactly("http_server_requests_seconds_count");
        assertThat(unreadable).containsExactly("up");
    }

    /**
     * The metric names of a query: every name followed by a selector ({@code {…}}); any other word must be a function
     * (followed by a parenthesis), a keyword or a label of a grouping, else it is reported (a metric without a
     * selector, which this dashboard never writes: each query names its namespace).
     */
    static Set<String> metrics(String expression, List<String> unreadable) {
        String text = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // label values and strings
                .replaceAll("\\$\\{?\\w+}?", "")                   // Grafana variables
                .replaceAll("\\[[^]]*]", "")                       // ranges
                .replaceAll("label_values\\((.*),\\s*\\w+\\s*\\)", "label_values($1)"); // its label argument
        Matcher grouping = GROUPING.matcher(text);
        text = grouping.replaceAll("$1 ()");
        Set<String> metrics = new TreeSet<>();
        // Label matchers' names: drop the insides of selectors after noting the metric before each.
        Matcher token = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{[^}]*}").matcher(text);
        while (token.find()) {
            metrics.add(token.group(1));
        }
        String rest = text.replaceAll("[a-zA-Z_:][a-zA-Z0-9_:]*\\s*\\{[^}]*}", " ");
        Matcher word = TOKEN.matcher(rest);
        while (word.find()) {
            String w = word.group();
            String after = rest.substring(word.end()).stripLeading();
            // a call, or an aggregation with its grouping first: sum by (pod) (…)
            boolean call = after.startsWith("(") || after.startsWith("by ") || after.startsWith("without ");
            if (!(call && FUNCTIONS.contains(w)) && !KEYWORDS.contains(w)) {
                unreadable.add(w);
            }
        }
        return metrics;
    }
}
