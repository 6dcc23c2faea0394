package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorities' console (k8s/components/console, in every overlay), issue #21: it holds no credential that
 * could act without a signed-in person — no service-account token, no client secret with a role (only the code
 * exchange's, no client-credentials grant) — talks only to the services' APIs and the identity provider, and has
 * its own ingress host, routing every page it serves, with probes, Service and disruption budget like the services.
 */
class ConsoleManifestsTest {

    static final String CONSOLE = "console-service";
    /** Its Secret: the OIDC client's (code exchange), the session cookie's key, the CSRF cookie's key. Nothing else. */
    static final Set<String> SECRET_KEYS = Set.of("oidc-client-secret", "session-key", "csrf-key");

    private final QuarkusConfig config = QuarkusConfig.of(CONSOLE, ManifestsTest.PROFILES);

    static List<String> overlays() throws IOException {
        return Overlays.names();
    }

    private static JsonNode deployment(List<JsonNode> objects) {
        return Overlays.named(objects, "Deployment", CONSOLE);
    }

    private static JsonNode podLabels(List<JsonNode> objects) {
        return deployment(objects).path("spec").path("template").path("metadata").path("labels");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theConsoleHoldsNoCredentialThatActsWithoutAPerson(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        JsonNode pod = deployment(objects).path("spec").path("template").path("spec");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("no service-account token").isFalse();
        assertThat(pod.path("serviceAccountName").asText("")).as("no service account of its own").isEmpty();
        // Nothing binds a role to anything of the console's.
        for (String kind : List.of("ServiceAccount", "RoleBinding", "ClusterRoleBinding", "Role", "ClusterRole")) {
            assertThat(Overlays.ofKind(objects, kind)).as(kind).noneMatch(o -> o.toString().contains("console"));
        }
        // Its secrets: the OIDC client's (code exchange), the session cookie's key, the CSRF cookie's key. Nothing else.
        Set<String> secretKeys = new HashSet<>();
        for (JsonNode container : pod.path("containers")) {
            container.path("env").forEach(env -> {
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    secretKeys.add(ref.path("name").asText() + "/" + ref.path("key").asText());
                }
            });
            assertThat(container.path("envFrom").toString()).as("no whole Secret in the environment").doesNotContain("secretRef");
        }
        assertThat(secretKeys).containsExactlyInAnyOrderElementsOf(SECRET_KEYS.stream().map(k -> "tocsin-console/" + k).toList());
        // The client secret only signs people in: a web-app (authorization code flow), no OIDC client of its own
        // (client credentials, password or token-exchange grants would give the console a token of its own).
        Map<String, String> properties = config.properties();
        assertThat(properties.get("quarkus.oidc.application-type")).isEqualTo("web-app");
        assertThat(properties.keySet()).as("no quarkus.oidc-client (a token of the console's own)")
                .noneMatch(key -> key.startsWith("quarkus.oidc-client"));
        assertThat(properties.keySet()).as("no exchange of the person's token for another")
                .noneMatch(key -> key.contains("token-propagation") && key.contains("exchange"));
        assertThat(properties.values()).as("no grant but the authorization code")
                .noneMatch(value -> value.contains("client_credentials") || value.contains("client-credentials")
                        || value.equals("password") || value.contains("token-exchange"));
        JsonNode configMap = Overlays.named(objects, "ConfigMap", "console-service-config");
        configMap.path("data").fieldNames().forEachRemaining(key -> assertThat(key).as("console ConfigMap key")
                .doesNotStartWith("QUARKUS_OIDC_CLIENT_").doesNotContain("GRANT"));
        // Every setting it needs without a default is given.
        Set<String> given = new HashSet<>();
        configMap.path("data").fieldNames().forEachRemaining(given::add);
        pod.path("containers").get(0).path("env").forEach(env -> given.add(env.path("name").asText()));
        assertThat(given).containsAll(config.requiredEnvironment());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void itTalksOnlyToTheApisTheIdentityProviderAndDns(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        List<JsonNode> egress = new ArrayList<>();
        for (JsonNode policy : Overlays.ofKind(objects, "NetworkPolicy")) {
            JsonNode selector = policy.path("spec").path("podSelector").path("matchLabels");
            boolean selectsConsole = !selector.isMissingNode() && !selector.isEmpty() && ManifestsTest.selects(selector, podLabels(objects));
            if (selectsConsole && policy.path("spec").path("policyTypes").toString().contains("Egress")) {
                policy.path("spec").path("egress").forEach(egress::add);
            }
        }
        Set<String> peers = new HashSet<>();
        for (JsonNode rule : egress) {
            for (JsonNode to : rule.path("to")) {
                if (to.has("ipBlock")) {
                    peers.add("ipBlock:" + rule.path("ports").get(0).path("port").asInt());
                } else if (to.path("podSelector").path("matchLabels").has("k8s-app")) {
                    peers.add("dns");
                } else {
                    peers.add(to.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText("?"));
                }
            }
        }
        // The identity provider's addresses on 443 (identity-provider-egress, by the verifies-tokens label).
        assertThat(peers).containsExactlyInAnyOrder("dns", "incident-service", "fallback-service", "broadcast-service",
                "ipBlock:443");
        assertThat(egress.toString()).as("no Kafka, no PostgreSQL, no internet")
                .doesNotContain("strimzi.io").doesNotContain("cnpg.io").doesNotContain("0.0.0.0/0");
        // And the APIs take its calls (network policies are per pod on both ends).
        for (String api : List.of("incident-service", "fallback-service", "broadcast-service")) {
            JsonNode calls = Overlays.named(objects, "NetworkPolicy", "console-calls-" + api);
            assertThat(calls.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())
                    .isEqualTo(api);
            assertThat(calls.path("spec").path("ingress").get(0).path("from").get(0).path("podSelector").path("matchLabels")
                    .path("app.kubernetes.io/name").asText()).isEqualTo(CONSOLE);
            assertThat(calls.path("spec").path("ingress").get(0).path("ports").get(0).path("port").asInt())
                    .isEqualTo(QuarkusConfig.of(api, ManifestsTest.PROFILES).httpPort());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void itHasItsOwnHostProbesAServiceAndADisruptionBudget(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        JsonNode ingress = Overlays.named(objects, "Ingress", "tocsin-console");
        JsonNode rule = ingress.path("spec").path("rules").get(0);
        assertThat(rule.path("host").asText()).startsWith("console.");
        Map<String, String> backends = new HashMap<>();
        rule.path("http").path("paths").forEach(path -> backends.put(path.path("path").asText(),
                path.path("backend").path("service").path("name").asText()));
        assertThat(backends.values()).containsOnly(CONSOLE);
        assertThat(backends.keySet()).as("health and metrics stay inside").noneMatch(path -> path.startsWith("/q"));
        for (JsonNode other : Overlays.ofKind(objects, "Ingress")) {
            if (!Overlays.name(other).equals("tocsin-console")) {
                assertThat(other.toString()).as(Overlays.name(other)).doesNotContain(CONSOLE);
            }
        }
        JsonNode container = deployment(objects).path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(config.httpPort());
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(container.path(probe).path("httpGet").path("path").asText()).as(probe).startsWith("/q/health/");
        }
        assertThat(Overlays.ofKind(objects, "Service")).anyMatch(s -> ManifestsTest.selects(s.path("spec").path("selector"), podLabels(objects)));
        assertThat(Overlays.ofKind(objects, "PodDisruptionBudget"))
                .anyMatch(p -> ManifestsTest.selects(p.path("spec").path("selector").path("matchLabels"), podLabels(objects)));
        assertThat(Overlays.ofKind(objects, "PodMonitor"))
                .anyMatch(p -> ManifestsTest.selects(p.path("spec").path("selector").path("matchLabels"), podLabels(objects)));
    }

    /**
     * Every path the console serves reaches it through its host: its pages (the JAX-RS paths of its sources), the
     * sign-in and sign-out paths of its configuration and its static files. A page the Ingress forgets is a 404 in
     * production only.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyPathItServesIsRoutedByItsHost(String overlay) throws IOException {
        JsonNode ingress = Overlays.named(Overlays.render(overlay), "Ingress", "tocsin-console");
        Set<String> served = servedPaths();
        assertThat(served).as("read from the sources").contains("/", "/declarer", "/incidents", "/numeros", "/journal");
        for (String path : served) {
            assertThat(PlatformTest.routes(ingress, path)).as(overlay + ": " + path).isEqualTo(CONSOLE);
        }
    }

    /** Its Secret is never committed for production: listed in required-secrets.yaml, with exactly its three keys. */
    @Test
    void productionRequiresTheConsolesSecretAndCommitsNone() {
        Map<String, Set<String>> required = Overlays.requiredSecrets("production");
        assertThat(required).containsEntry("tocsin-console", SECRET_KEYS);
        assertThat(required.keySet()).filteredOn(name -> name.contains("console")).containsExactly("tocsin-console");
        assertThat(Overlays.ofKind(Overlays.render("production"), "Secret")).extracting(Overlays::name)
                .doesNotContain("tocsin-console");
        // The dev overlay generates its own, with dev-only values.
        JsonNode dev = Overlays.named(Overlays.render("dev"), "Secret", "tocsin-console");
        Set<String> keys = new HashSet<>();
        dev.path("data").fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            assertThat(new String(java.util.Base64.getDecoder().decode(e.getValue().asText()))).as(e.getKey()).startsWith("dev-only-");
        });
        assertThat(keys).isEqualTo(SECRET_KEYS);
    }

    /** The first segment of every path the console serves, as "/segment" ("/" for its home). */
    static Set<String> servedPaths() throws IOException {
        Path service = Overlays.K8S.getParent().resolve("services").resolve(CONSOLE).resolve("src/main");
        Set<String> paths = new TreeSet<>();
        Pattern annotation = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
        List<Path> sources;
        try (Stream<Path> tree = Files.walk(service.resolve("java"))) {
            sources = tree.filter(p -> p.toString().endsWith(".java") && p.getParent().getFileName().toString().equals("rest"))
                    .toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            int body = text.indexOf("public class ");
            Matcher path = annotation.matcher(text);
            String classPath = null;
            List<String> methodPaths = new ArrayList<>();
            while (path.find()) {
                if (path.start() < body) {
                    classPath = path.group(1);
                } else {
                    methodPaths.add(path.group(1));
                }
            }
            if (classPath == null) {
                continue;
            }
            if (classPath.equals("/")) {
                paths.add("/");
                methodPaths.forEach(m -> paths.add(firstSegment(m)));
            } else {
                paths.add(firstSegment(classPath));
            }
        }
        Map<String, String> properties = QuarkusConfig.of(CONSOLE, ManifestsTest.PROFILES).properties();
        for (String key : List.of("quarkus.oidc.authentication.redirect-path", "quarkus.oidc.logout.path",
                "quarkus.oidc.logout.post-logout-path", "tocsin.pages.dsfr-path")) {
            assertThat(properties).containsKey(key);
            paths.add(firstSegment(properties.get(key)));
        }
        try (Stream<Path> files = Files.list(service.resolve("resources/META-INF/resources"))) {
            files.forEach(file -> paths.add("/" + file.getFileName()));
        }
        paths.removeIf(p -> p.startsWith("/{"));
        return paths;
    }

    private static String firstSegment(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        int slash = relative.indexOf('/');
        return "/" + (slash < 0 ? relative : relative.substring(0, slash));
    }
}
