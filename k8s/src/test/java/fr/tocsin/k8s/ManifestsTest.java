package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every overlay renders, and what it renders would be accepted and would run: objects valid for their kind
 * (built-in kinds parsed strictly with fabric8's model, operator kinds against their CRD schemas), hardened
 * Deployments, environment references that resolve, Services that select pods, ports that match Quarkus.
 */
class ManifestsTest {

    static final CrdSchemas CRDS = new CrdSchemas(Overlays.K8S.resolve("crds"));
    /**
     * The services of the build: the modules of services/pom.xml, the one list of what gets an image and a Deployment
     * (the images module and tools/pin-images.sh read it too), the authorities' console included.
     */
    static final List<String> MODULES = modules();

    /**
     * Those made of their own database and Kafka: the children of services/pom.xml, deployed with the component label
     * {@code service}. The console (#21) is a module but parented by the root pom: no database, no Kafka
     * (ConsoleManifestsTest checks what it has instead). The checks of a database or a topic iterate these.
     */
    static final List<String> SERVICES = MODULES.stream().filter(ManifestsTest::childOfServicesPom).toList();

    /** The profiles the ConfigMaps activate (QUARKUS_PROFILE), checked below. */
    static final List<String> PROFILES = List.of("prod", "kubernetes");

    static List<String> overlays() throws IOException {
        return Overlays.names();
    }

    private static List<String> modules() {
        Matcher module = Pattern.compile("^\\s*<module>([^<]+)</module>", Pattern.MULTILINE).matcher(read("services/pom.xml"));
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1).strip());
        }
        return List.copyOf(modules);
    }

    private static boolean childOfServicesPom(String module) {
        Matcher parent = Pattern.compile("<parent>.*?<artifactId>([^<]+)</artifactId>", Pattern.DOTALL)
                .matcher(read("services/" + module + "/pom.xml"));
        return parent.find() && parent.group(1).strip().equals("tocsin-services");
    }

    private static String read(String file) {
        try {
            return java.nio.file.Files.readString(Overlays.K8S.getParent().resolve(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The Deployments of Tocsin's services in an overlay (label app.kubernetes.io/component: service). */
    static List<String> deployed(List<JsonNode> objects) {
        return Overlays.ofKind(objects, "Deployment").stream()
                .filter(d -> "service".equals(d.path("metadata").path("labels").path("app.kubernetes.io/component").asText()))
                .map(Overlays::name).toList();
    }

    /**
     * What is deployed as a service is what the build makes: a Deployment without its module runs an image nobody
     * builds (and is checked against no configuration), a module without its Deployment never runs.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceOfTheBuildIsDeployedAndNothingElseIsDeployedAsAService(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        assertThat(deployed(objects)).as(overlay + ": the services' Deployments vs the children of services/pom.xml")
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(Overlays.ofKind(objects, "Deployment")).extracting(Overlays::name)
                .as(overlay + ": a Deployment for every module of services/pom.xml, the console's included")
                .containsAll(MODULES);
        assertThat(SERVICES).as("the console is a module, not a child of services/pom.xml").doesNotContain(ConsoleManifestsTest.CONSOLE)
                .hasSize(MODULES.size() - 1);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsValidForItsKind(String overlay) throws Exception {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : Overlays.render(overlay)) {
            String id = object.path("kind").asText() + "/" + Overlays.name(object);
            String group = object.path("apiVersion").asText().contains("/")
                    ? object.path("apiVersion").asText().substring(0, object.path("apiVersion").asText().indexOf('/')) : "";
            if (CRDS.knows(group)) {
                var messages = CRDS.validate(object);
                if (messages.isEmpty()) {
                    problems.add(id + ": " + object.path("apiVersion").asText() + " is not served by the vendored CRDs");
                } else {
                    messages.get().forEach(m -> problems.add(id + ": " + m.getMessage()));
                }
                continue;
            }
            KubernetesResource parsed = Serialization.unmarshal(Overlays.YAML.writeValueAsString(object));
            if (parsed instanceof GenericKubernetesResource) {
                problems.add(id + ": unknown kind " + object.path("apiVersion").asText() + " " + object.path("kind").asText());
                continue;
            }
            unknownFields(parsed, id, new IdentityHashMap<>(), problems);
        }
        assertThat(problems).as("overlay " + overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void deploymentsAreProbedBoundedHardenedAndSpread(String overlay) {
        List<JsonNode> deployments = Overlays.ofKind(Overlays.render(overlay), "Deployment");
        assertThat(deployments).extracting(Overlays::name).containsAll(MODULES);
        for (JsonNode deployment : deployments) {
            String name = Overlays.name(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            assertThat(pod.path("topologySpreadConstraints").isEmpty()).as(name + " topology spread").isFalse();
            for (JsonNode container : pod.path("containers")) {
                String where = name + "/" + container.path("name").asText();
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    assertThat(container.path(probe).path("httpGet").path("path").asText()).as(where + " " + probe)
                            .startsWith("/q/health");
                    // Not the 1 s default (a GC pause fails it), and answered before the next probe is due.
                    assertThat(container.path(probe).path("timeoutSeconds").asInt(1)).as(where + " " + probe + " timeout")
                            .isGreaterThan(1).isLessThanOrEqualTo(container.path(probe).path("periodSeconds").asInt(10));
                }
                if (MODULES.contains(name)) {
                    // Rolling updates: the pod serves while its endpoints go (preStop), then drains within the grace.
                    int sleep = container.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt(0);
                    assertThat(sleep).as(where + " preStop sleep, so endpoints are removed before it stops accepting")
                            .isGreaterThanOrEqualTo(5);
                    String timeout = QuarkusConfig.of(name, PROFILES).properties().getOrDefault("quarkus.shutdown.timeout", "");
                    assertThat(timeout).as(name + " quarkus.shutdown.timeout (graceful shutdown)").matches("[0-9]+s");
                    int drain = Integer.parseInt(timeout.substring(0, timeout.length() - 1));
                    assertThat(pod.path("terminationGracePeriodSeconds").asInt(30)).as(name + " grace covers sleep and drain")
                            .isGreaterThan(sleep + drain);
                }
                for (String bound : List.of("requests", "limits")) {
                    assertThat(container.path("resources").path(bound).path("cpu").isMissingNode()
                            && container.path("resources").path(bound).path("memory").isMissingNode())
                            .as(where + " resources." + bound).isFalse();
                    assertThat(container.path("resources").path(bound).path("memory").isMissingNode())
                            .as(where + " resources." + bound + ".memory").isFalse();
                }
                JsonNode security = container.path("securityContext");
                boolean nonRoot = security.path("runAsNonRoot").asBoolean(false)
                        || pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
                assertThat(nonRoot).as(where + " runAsNonRoot").isTrue();
                assertThat(security.path("readOnlyRootFilesystem").asBoolean(false)).as(where + " read-only root").isTrue();
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(where + " no privilege escalation")
                        .isFalse();
                assertThat(security.path("capabilities").path("drop").toString()).as(where + " drops capabilities")
                        .contains("ALL");
            }
            assertThat(Overlays.ofKind(Overlays.render(overlay), "PodDisruptionBudget"))
                    .as(name + " has a PodDisruptionBudget")
                    .anyMatch(pdb -> selects(pdb.path("spec").path("selector").path("matchLabels"), podLabels(deployment)));
        }
        assertThat(Overlays.ofKind(Overlays.render(overlay), "HorizontalPodAutoscaler"))
                .anyMatch(hpa -> "dissemination-service".equals(hpa.path("spec").path("scaleTargetRef").path("name").asText()));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyEnvironmentReferenceResolves(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        Map<String, Set<String>> configMaps = keys(objects, "ConfigMap");
        Map<String, Set<String>> secrets = keys(objects, "Secret");
        secrets.putAll(Overlays.requiredSecrets(overlay));
        // Secrets the operators create: Strimzi one per KafkaUser, CloudNativePG per cluster (and per managed role).
        for (JsonNode user : Overlays.ofKind(objects, "KafkaUser")) {
            secrets.computeIfAbsent(Overlays.name(user), k -> new HashSet<>()).addAll(Set.of("password", "sasl.jaas.config"));
        }
        for (JsonNode cluster : Overlays.ofKind(objects, "Cluster")) {
            for (String suffix : List.of("-app", "-superuser")) {
                secrets.computeIfAbsent(Overlays.name(cluster) + suffix, k -> new HashSet<>())
                        .addAll(Set.of("username", "password", "uri", "jdbc-uri", "host", "port", "dbname", "user"));
            }
            secrets.computeIfAbsent(Overlays.name(cluster) + "-ca", k -> new HashSet<>()).addAll(Set.of("ca.crt"));
        }
        for (JsonNode kafka : Overlays.ofKind(objects, "Kafka")) {
            secrets.computeIfAbsent(Overlays.name(kafka) + "-cluster-ca-cert", k -> new HashSet<>())
                    .addAll(Set.of("ca.crt", "ca.p12", "ca.password"));
        }
        List<String> unresolved = new ArrayList<>();
        // The operators read Secrets too: CloudNativePG the role passwords, the backup plugin its credentials.
        for (JsonNode cluster : Overlays.ofKind(objects, "Cluster")) {
            String where = "Cluster " + Overlays.name(cluster);
            checkWhole(cluster.path("spec").path("bootstrap").path("initdb").path("secret"), secrets, where + " initdb", unresolved);
            for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
                checkWhole(role.path("passwordSecret"), secrets, where + " role " + role.path("name").asText(), unresolved);
            }
        }
        for (JsonNode store : Overlays.ofKind(objects, "ObjectStore")) {
            JsonNode s3 = store.path("spec").path("configuration").path("s3Credentials");
            s3.forEach(ref -> check(ref, secrets, "ObjectStore " + Overlays.name(store), unresolved));
        }
        for (JsonNode deployment : Overlays.ofKind(objects, "Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            for (JsonNode container : pod.path("containers")) {
                String where = Overlays.name(deployment) + "/" + container.path("name").asText();
                for (JsonNode env : container.path("env")) {
                    JsonNode from = env.path("valueFrom");
                    check(from.path("configMapKeyRef"), configMaps, where + " env " + env.path("name").asText(), unresolved);
                    check(from.path("secretKeyRef"), secrets, where + " env " + env.path("name").asText(), unresolved);
                }
                for (JsonNode envFrom : container.path("envFrom")) {
                    checkWhole(envFrom.path("configMapRef"), configMaps, where + " envFrom", unresolved);
                    checkWhole(envFrom.path("secretRef"), secrets, where + " envFrom", unresolved);
                }
            }
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("secret") && !volume.path("secret").path("optional").asBoolean(false)) {
                    String secret = volume.path("secret").path("secretName").asText();
                    if (!secrets.containsKey(secret)) {
                        unresolved.add(Overlays.name(deployment) + " volume " + volume.path("name").asText() + ": no Secret " + secret);
                    }
                }
                if (volume.has("configMap") && !configMaps.containsKey(volume.path("configMap").path("name").asText())) {
                    unresolved.add(Overlays.name(deployment) + " volume " + volume.path("name").asText() + ": no ConfigMap");
                }
            }
        }
        assertThat(unresolved).as("overlay " + overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesSelectTheirPodsOnThePortsQuarkusListensOn(String overlay) throws IOException {
        List<JsonNode> objects = Overlays.render(overlay);
        for (String service : MODULES) {
            int quarkusPort = QuarkusConfig.of(service, PROFILES).httpPort();
            JsonNode deployment = Overlays.ofKind(objects, "Deployment").stream()
                    .filter(d -> service.equals(Overlays.name(d))).findFirst().orElseThrow();
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, Integer> containerPorts = new HashMap<>();
            container.path("ports").forEach(p -> containerPorts.put(p.path("name").asText(), p.path("containerPort").asInt()));
            assertThat(containerPorts.values()).as(service + " container port = quarkus.http.port").contains(quarkusPort);
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode port = container.path(probe).path("httpGet").path("port");
                int resolved = port.isInt() ? port.asInt() : containerPorts.getOrDefault(port.asText(), -1);
                assertThat(resolved).as(service + " " + probe + " port").isEqualTo(quarkusPort);
            }
            List<JsonNode> selecting = Overlays.ofKind(objects, "Service").stream()
                    .filter(s -> selects(s.path("spec").path("selector"), podLabels(deployment))).toList();
            assertThat(selecting).as(service + " has a Service selecting its pods").isNotEmpty();
            for (JsonNode svc : selecting) {
                for (JsonNode port : svc.path("spec").path("ports")) {
                    JsonNode target = port.path("targetPort");
                    int resolved = target.isMissingNode() ? port.path("port").asInt()
                            : target.isInt() ? target.asInt() : containerPorts.getOrDefault(target.asText(), -1);
                    assertThat(resolved).as(Overlays.name(svc) + " targetPort").isEqualTo(quarkusPort);
                }
            }
        }
        // Every Service selects some pods: a typo in a label leaves a Service with no endpoints.
        for (JsonNode svc : Overlays.ofKind(objects, "Service")) {
            JsonNode selector = svc.path("spec").path("selector");
            if (selector.isEmpty()) {
                continue;
            }
            assertThat(Overlays.ofKind(objects, "Deployment")).as("Service " + Overlays.name(svc) + " selects pods")
                    .anyMatch(d -> selects(selector, podLabels(d)));
        }
    }

    /**
     * Selectors that select nothing fail silently: a Deployment whose selector misses its template is refused, a
     * network policy whose podSelector matches no pod protects nothing (and a "to" that matches none cuts a service
     * off). Checked against the pods the overlay makes: the services' templates, and the pods the operators make from
     * the KafkaNodePools (Strimzi's labels) and the PostgreSQL Cluster (CloudNativePG's). Every pod also runs with
     * the RuntimeDefault seccomp profile and without a service-account token.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void selectorsMatchRealPodsAndEveryPodIsLockedDown(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode deployment : Overlays.ofKind(objects, "Deployment")) {
            String name = Overlays.name(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            if (!selects(deployment.path("spec").path("selector").path("matchLabels"), podLabels(deployment))) {
                problems.add("Deployment " + name + ": selector does not select its own template");
            }
            if (pod.path("automountServiceAccountToken").asBoolean(true)) {
                problems.add("Deployment " + name + ": automountServiceAccountToken is not false");
            }
            for (JsonNode container : pod.path("containers")) {
                String seccomp = container.path("securityContext").path("seccompProfile").path("type")
                        .asText(pod.path("securityContext").path("seccompProfile").path("type").asText(""));
                if (!seccomp.equals("RuntimeDefault")) {
                    problems.add("Deployment " + name + "/" + container.path("name").asText() + ": seccomp " + seccomp);
                }
            }
            pods.add(podLabels(deployment));
        }
        String kafka = Overlays.name(Overlays.ofKind(objects, "Kafka").get(0));
        for (String kind : List.of("KafkaNodePool", "KafkaTopic", "KafkaUser")) {
            for (JsonNode object : Overlays.ofKind(objects, kind)) {
                String cluster = object.path("metadata").path("labels").path("strimzi.io/cluster").asText("");
                if (!cluster.equals(kafka)) {
                    problems.add(kind + " " + Overlays.name(object) + ": strimzi.io/cluster '" + cluster + "' is not the Kafka "
                            + kafka + " (the operator ignores it)");
                }
            }
        }
        for (JsonNode pool : Overlays.ofKind(objects, "KafkaNodePool")) {
            // The labels Strimzi puts on a node pool's pods.
            var labels = Overlays.YAML.createObjectNode().put("strimzi.io/cluster", kafka).put("strimzi.io/kind", "Kafka")
                    .put("strimzi.io/name", kafka + "-kafka").put("strimzi.io/pool-name", Overlays.name(pool));
            String roles = pool.path("spec").path("roles").toString();
            labels.put("strimzi.io/broker-role", String.valueOf(roles.contains("broker")));
            labels.put("strimzi.io/controller-role", String.valueOf(roles.contains("controller")));
            pods.add(labels);
        }
        for (JsonNode cluster : Overlays.ofKind(objects, "Cluster")) {
            pods.add(Overlays.YAML.createObjectNode().put("cnpg.io/cluster", Overlays.name(cluster)));
        }
        for (JsonNode policy : Overlays.ofKind(objects, "NetworkPolicy")) {
            String name = "NetworkPolicy " + Overlays.name(policy);
            JsonNode selector = policy.path("spec").path("podSelector").path("matchLabels");
            if (!selector.isEmpty() && pods.stream().noneMatch(labels -> selects(selector, labels))) {
                problems.add(name + ": podSelector " + selector + " selects no pod");
            }
            for (String direction : List.of("ingress", "egress")) {
                for (JsonNode rule : policy.path("spec").path(direction)) {
                    for (JsonNode peer : rule.path(direction.equals("ingress") ? "from" : "to")) {
                        JsonNode peerPods = peer.path("podSelector").path("matchLabels");
                        // A peer in another namespace (DNS, the ingress controller) is not rendered here.
                        if (!peerPods.isEmpty() && peer.path("namespaceSelector").isMissingNode()
                                && pods.stream().noneMatch(labels -> selects(peerPods, labels))) {
                            problems.add(name + ": " + direction + " peer " + peerPods + " selects no pod");
                        }
                    }
                }
            }
        }
        for (JsonNode listener : Overlays.ofKind(objects, "Kafka").get(0).path("spec").path("kafka").path("listeners")) {
            for (JsonNode peer : listener.path("networkPolicyPeers")) {
                JsonNode peerPods = peer.path("podSelector").path("matchLabels");
                if (!peerPods.isEmpty() && pods.stream().noneMatch(labels -> selects(peerPods, labels))) {
                    problems.add("Kafka listener " + listener.path("name").asText() + ": peer " + peerPods + " selects no pod");
                }
            }
        }
        assertThat(problems).as("overlay " + overlay).isEmpty();
    }

    /**
     * Readiness per service (#17): the public side is ready once its board is in memory, whatever PostgreSQL and
     * Kafka say, else every pod leaves the ingress in an outage and citizens get 503; the authority APIs are ready
     * when their database is. No service leaves rotation because of the broker (outboxes and topics wait). The
     * runtime proof is in dissemination-service's outage tests and incident-service's DatabaseReadinessTest.
     */
    @org.junit.jupiter.api.Test
    void readinessFollowsWhatEachServiceNeedsToAnswer() {
        for (String service : SERVICES) {
            QuarkusConfig config = QuarkusConfig.of(service, PROFILES);
            boolean datasourceCheck = !"false".equals(config.properties().get("quarkus.datasource.health.enabled"));
            assertThat(datasourceCheck).as(service + ": database in readiness")
                    .isEqualTo(!service.equals("dissemination-service"));
            config.channels().forEach((channel, c) -> assertThat(config.properties()
                    .get("mp.messaging." + (c.incoming() ? "incoming." : "outgoing.") + channel + ".health-readiness-enabled"))
                    .as(service + " channel " + channel + ": a broker outage takes no pod out of rotation").isEqualTo("false"));
        }
    }

    /**
     * What the services' Kubernetes profile needs is there: the profile is the one the ConfigMaps activate,
     * every {@code ${VARIABLE}} without a default is set in the container, every file it names is mounted,
     * and the images are pinned by the overlay.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theKubernetesProfileFindsWhatItNeeds(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        for (String service : MODULES) {
            QuarkusConfig config = QuarkusConfig.of(service, PROFILES);
            JsonNode deployment = Overlays.named(objects, "Deployment", service);
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, String> environment = environment(objects, service);
            assertThat(environment.get("QUARKUS_PROFILE")).as(service + " QUARKUS_PROFILE").isEqualTo(String.join(",", PROFILES));
            assertThat(environment.keySet()).as(service + " environment for its configuration")
                    .containsAll(config.requiredEnvironment());
            for (String variable : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                    "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS")) {
                // The console has neither: given them, it would hold credentials of its own (ConsoleManifestsTest).
                assertThat(environment.containsKey(variable)).as(service + " " + variable).isEqualTo(SERVICES.contains(service));
            }
            // Each API accepts only tokens issued for it (#14 finding 9), in the cluster as in the sources; a service
            // the authority host does not route to (the public tier, #18) takes no token and is given no audience.
            if (PlatformTest.authorityServices(objects).contains(service)) {
                assertThat(environment).as(service + " MP_JWT_VERIFY_PUBLICKEY_LOCATION").containsKey("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
                assertThat(environment.get("MP_JWT_VERIFY_AUDIENCES")).as(service + " MP_JWT_VERIFY_AUDIENCES")
                        .isEqualTo("tocsin-" + service.replace("-service", "") + "-api")
                        .isEqualTo(config.properties().get("mp.jwt.verify.audiences"));
            } else {
                assertThat(environment).as(service + " takes no token").doesNotContainKey("MP_JWT_VERIFY_AUDIENCES");
            }
            // Forwarded client addresses only from the ingress controller's network, never from anyone (#14 finding 11).
            assertThat(config.properties().get("quarkus.http.proxy.trusted-proxies")).as(service + " trusted proxies")
                    .isEqualTo("${TOCSIN_TRUSTED_PROXIES}");
            assertThat(environment.get("TOCSIN_TRUSTED_PROXIES")).as(service + " TOCSIN_TRUSTED_PROXIES")
                    .matches("[0-9a-fA-F:.]+/[0-9]+(,[0-9a-fA-F:.]+/[0-9]+)*").doesNotContain("0.0.0.0/0", "::/0");
            List<String> mounts = new ArrayList<>();
            container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
            List<String> files = new ArrayList<>(config.properties().values().stream().filter(v -> v.startsWith("/etc/")).toList());
            Matcher fileInUrl = Pattern.compile("=(/etc/[^&]+)")
                    .matcher(environment.getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", ""));
            fileInUrl.results().forEach(r -> files.add(r.group(1)));
            for (String file : files) {
                assertThat(mounts).as(service + " mounts " + file).anyMatch(m -> file.startsWith(m + "/"));
            }
            assertThat(container.path("image").asText()).as(service + " image pinned by the overlay")
                    .matches("[^:]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");
        }
    }

    /** A service container's environment: its ConfigMaps' data, then its own env (references shown as such). */
    static Map<String, String> environment(List<JsonNode> objects, String service) {
        JsonNode container = Overlays.named(objects, "Deployment", service).path("spec").path("template").path("spec")
                .path("containers").get(0);
        Map<String, String> environment = new HashMap<>();
        for (JsonNode envFrom : container.path("envFrom")) {
            String name = envFrom.path("configMapRef").path("name").asText(null);
            if (name != null) {
                Overlays.named(objects, "ConfigMap", name).path("data").fields()
                        .forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
            }
        }
        container.path("env").forEach(e -> environment.put(e.path("name").asText(), e.path("value").asText("(from a reference)")));
        return environment;
    }

    private static JsonNode podLabels(JsonNode deployment) {
        return deployment.path("spec").path("template").path("metadata").path("labels");
    }

    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        var fields = selector.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Set<String>> keys(List<JsonNode> objects, String kind) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (JsonNode object : Overlays.ofKind(objects, kind)) {
            Set<String> names = new HashSet<>();
            object.path("data").fieldNames().forEachRemaining(names::add);
            object.path("stringData").fieldNames().forEachRemaining(names::add);
            keys.put(Overlays.name(object), names);
        }
        return keys;
    }

    private static void check(JsonNode ref, Map<String, Set<String>> known, String where, List<String> unresolved) {
        if (ref.isMissingNode() || ref.path("optional").asBoolean(false)) {
            return;
        }
        Set<String> keys = known.get(ref.path("name").asText());
        if (keys == null) {
            unresolved.add(where + ": no " + ref.path("name").asText());
        } else if (!keys.contains(ref.path("key").asText())) {
            unresolved.add(where + ": " + ref.path("name").asText() + " has no key " + ref.path("key").asText());
        }
    }

    private static void checkWhole(JsonNode ref, Map<String, Set<String>> known, String where, List<String> unresolved) {
        if (!ref.isMissingNode() && !ref.path("optional").asBoolean(false) && !known.containsKey(ref.path("name").asText())) {
            unresolved.add(where + ": no " + ref.path("name").asText());
        }
    }

    /** fabric8 keeps fields it does not know in additionalProperties: strictness is finding none anywhere. */
    private static void unknownFields(Object value, String where, IdentityHashMap<Object, Boolean> seen, List<String> problems) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            collection.forEach(item -> unknownFields(item, where, seen, problems));
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(item -> unknownFields(item, where, seen, problems));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
                && !value.getClass().getName().startsWith("io.fabric8.openshift.api.model.monitoring")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object property = method.invoke(value);
                if (method.getName().equals("getAdditionalProperties")) {
                    if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(where + ": unknown field(s) " + extra.keySet() + " in " + value.getClass().getSimpleName());
                    }
                } else if (!(value instanceof io.fabric8.kubernetes.api.model.Quantity)
                        && !(value instanceof io.fabric8.kubernetes.api.model.IntOrString)) {
                    unknownFields(property, where, seen, problems);
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // a derived getter that cannot be computed is not a field
            }
        }
    }
}
