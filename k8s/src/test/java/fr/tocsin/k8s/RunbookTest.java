package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests docs/RUNBOOK.md tells on-call to apply in an emergency (the point-in-time recovery Clusters) are valid
 * for the vendored CloudNativePG CRD, and read from the object store and server the base archives to: a typo found
 * during a restore costs the most.
 */
class RunbookTest {

    @Test
    void theRecoveryManifestsAreValidAndReadWhatTheBaseArchives() throws Exception {
        String runbook = Files.readString(Overlays.K8S.getParent().resolve("docs/RUNBOOK.md"));
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(runbook);
        List<JsonNode> clusters = new ArrayList<>();
        while (block.find()) {
            String yaml = block.group(1).replaceAll("(?m)^ {3}", ""); // blocks indented under a numbered step
            JsonNode object = Overlays.YAML.readTree(yaml);
            if ("Cluster".equals(object.path("kind").asText())) {
                clusters.add(object);
            }
        }
        assertThat(clusters).as("recovery manifests in RUNBOOK.md").hasSizeGreaterThanOrEqualTo(2);
        JsonNode base = Overlays.named(Overlays.render("production"), "Cluster", "tocsin-db");
        String store = base.path("spec").path("plugins").path(0).path("parameters").path("barmanObjectName").asText();
        for (JsonNode cluster : clusters) {
            String name = Overlays.name(cluster);
            assertThat(ManifestsTest.CRDS.validate(cluster)).as(name + " known to the CRDs").isPresent();
            assertThat(ManifestsTest.CRDS.validate(cluster).orElseThrow()).as(name + " valid").isEmpty();
            String source = cluster.path("spec").path("bootstrap").path("recovery").path("source").asText();
            JsonNode external = null;
            for (JsonNode candidate : cluster.path("spec").path("externalClusters")) {
                if (candidate.path("name").asText().equals(source)) {
                    external = candidate;
                }
            }
            assertThat(external).as(name + " recovery source " + source).isNotNull();
            assertThat(external.path("plugin").path("parameters").path("barmanObjectName").asText()).isEqualTo(store);
            assertThat(external.path("plugin").path("parameters").path("serverName").asText(Overlays.name(base)))
                    .as(name + " reads the server the base archives to").isEqualTo(
                            base.path("spec").path("plugins").path(0).path("parameters").path("serverName").asText(Overlays.name(base)));
            // A restored cluster that archives must not write into the server folder it restores from.
            for (JsonNode plugin : cluster.path("spec").path("plugins")) {
                if (plugin.path("isWALArchiver").asBoolean(false)) {
                    assertThat(plugin.path("parameters").path("serverName").asText(name)).as(name + " archives elsewhere")
                            .isNotEqualTo(external.path("plugin").path("parameters").path("serverName").asText());
                }
            }
        }
    }
}
