package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules (k8s/base/monitoring/alert-rules.yaml) as Prometheus would load them from the rendered PrometheusRule:
 * {@code promtool check rules}, then {@code promtool test rules} on the committed cases under src/test/promtool, in
 * which every rule fires once and stays silent once. promtool comes from the Debian package {@code prometheus}
 * ({@code tools/system-packages.sh prometheus}, run by {@code ./tocsin test}).
 */
class AlertRulesTest {

    private static final Path WORK = Overlays.K8S.resolve("target/promtool");
    private static final String RULES = "tocsin-alerts.rules.yaml";
    private static JsonNode groups;

    @BeforeAll
    static void writeTheRuleGroupsOutOfThePrometheusRule() throws IOException {
        // The base's and the console component's: promtool loads their groups as one file.
        List<JsonNode> rules = Overlays.ofKind(Overlays.render("production"), "PrometheusRule");
        assertThat(rules).extracting(Overlays::name).containsExactlyInAnyOrder("tocsin-alerts", "tocsin-console-alerts");
        ArrayNode all = Overlays.YAML.createArrayNode();
        rules.forEach(rule -> rule.path("spec").path("groups").forEach(all::add));
        List<String> names = new ArrayList<>();
        all.forEach(group -> names.add(group.path("name").asText()));
        assertThat(names).as("rule group names").doesNotHaveDuplicates();
        groups = all;
        Files.createDirectories(WORK);
        ObjectNode file = Overlays.YAML.createObjectNode();
        file.set("groups", groups);
        Files.writeString(WORK.resolve(RULES), Overlays.YAML.writeValueAsString(file));
        try (Stream<Path> tests = Files.list(Overlays.K8S.resolve("src/test/promtool"))) {
            for (Path test : tests.toList()) {
                Files.copy(test, WORK.resolve(test.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void promtoolAcceptsTheRulesAndEveryCasePasses() throws Exception {
        promtool("check", "rules", RULES);
        List<String> command = new ArrayList<>(List.of("test", "rules"));
        command.addAll(testFiles().stream().map(p -> p.getFileName().toString()).toList());
        promtool(command.toArray(String[]::new));
    }

    /** A rule with no firing case could be dead, one with no silent case could always fire: both are untested. */
    @Test
    void everyRuleHasAFiringAndASilentCase() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        for (Path file : testFiles()) {
            for (JsonNode test : Overlays.YAML.readTree(file.toFile()).path("tests")) {
                test.path("alert_rule_test").forEach(cases::add);
            }
        }
        List<String> untested = new ArrayList<>();
        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            boolean silent = cases.stream().anyMatch(c -> c.path("alertname").asText().equals(alert) && c.path("exp_alerts").isEmpty());
            // The firing case of this very rule: an expected alert carrying the rule's own labels.
            boolean fires = cases.stream().filter(c -> c.path("alertname").asText().equals(alert))
                    .flatMap(c -> stream(c.path("exp_alerts")))
                    .anyMatch(expected -> contains(expected.path("exp_labels"), rule.path("labels")));
            if (!silent) {
                untested.add(alert + " " + rule.path("labels") + ": no silent case");
            }
            if (!fires) {
                untested.add(alert + " " + rule.path("labels") + ": no firing case");
            }
        }
        assertThat(untested).isEmpty();
    }

    /** On-call reads the runbook entry the alert names; a broken anchor sends them to the top of a long page. */
    @Test
    void everyAlertHasASeverityAndARunbookEntryThatExists() throws IOException {
        String runbook = Files.readString(Overlays.K8S.getParent().resolve("docs/RUNBOOK.md"));
        Set<String> anchors = new HashSet<>();
        runbook.lines().filter(line -> line.startsWith("#")).forEach(line -> anchors.add(anchor(line.replaceFirst("^#+\\s*", ""))));
        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            assertThat(rule.path("labels").path("severity").asText()).as(alert + " severity").isIn("critical", "warning");
            String url = rule.path("annotations").path("runbook_url").asText();
            assertThat(url).as(alert + " runbook_url").contains("docs/RUNBOOK.md#");
            String fragment = url.substring(url.indexOf('#') + 1);
            assertThat(fragment).as(alert + " runbook anchor").isEqualTo(alert.toLowerCase(Locale.ROOT));
            assertThat(anchors).as(alert + ": docs/RUNBOOK.md has a heading #" + fragment).contains(fragment);
            assertThat(rule.path("annotations").path("summary").asText()).as(alert + " summary").isNotBlank();
        }
    }

    /** A service Prometheus no longer sees silences its alerts: each deployed service (the console too) has its dead man's switch. */
    @Test
    void everyServiceHasADeadMansSwitch() {
        for (String service : ManifestsTest.MODULES) {
            assertThat(rules()).as(service + ": TocsinMetricsAbsent").anyMatch(rule -> rule.path("alert").asText().equals("TocsinMetricsAbsent")
                    && rule.path("labels").path("job").asText().equals(service)
                    && rule.path("expr").asText().contains("up{job=\"" + service + "\"}"));
        }
    }

    /**
     * A metric one service owns is alerted on under that service's job only: the deliveries are broadcast-service's
     * since #18, and a rule still reading dissemination-service's would never fire again.
     */
    @Test
    void ownedMetricsAreAlertedOnUnderTheirOwnersJob() {
        Set<String> alerted = new HashSet<>();
        for (JsonNode rule : rules()) {
            String expr = rule.path("expr").asText();
            DashboardTest.OWNERS.forEach((metric, owner) -> {
                java.util.regex.Matcher use = java.util.regex.Pattern.compile("\\b" + metric + "\\b(\\{[^}]*})?").matcher(expr);
                while (use.find()) {
                    alerted.add(metric);
                    assertThat(use.group(1)).as(rule.path("alert").asText() + ": " + use.group()).isNotNull()
                            .contains("job=\"" + owner + "\"");
                }
            });
        }
        assertThat(alerted).as("alerted on").containsExactlyInAnyOrderElementsOf(DashboardTest.OWNERS.keySet());
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        groups.forEach(group -> group.path("rules").forEach(rules::add));
        return rules.stream().filter(rule -> rule.has("alert")).toList();
    }

    private static List<Path> testFiles() throws IOException {
        try (Stream<Path> files = Files.list(WORK)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-test.yaml")).sorted().toList();
        }
    }

    private static void promtool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is needed to test the alert rules: tools/system-packages.sh prometheus", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static boolean contains(JsonNode labels, JsonNode subset) {
        var fields = subset.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().asText().equals(labels.path(field.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
