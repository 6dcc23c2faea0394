package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split of #18 as the cluster sees it. The public tier (dissemination-service), scaled out to many replicas in
 * front of the crowd, holds no network credential and leaves the cluster for nothing: DNS, Kafka and PostgreSQL only.
 * The push worker (broadcast-service) alone holds the social networks' and webhooks' credentials, and alone reaches
 * the internet: HTTPS to public addresses, SMPP to its SMSC and SMTP to its relay at their own addresses, never the
 * cluster's, the cloud's or the node's own networks. It is reached by the ingress controller (its authority API, and
 * the citizens' subscription pages and API on the public host), the authorities' console (its delivery API, with
 * each person's token) and Prometheus only, and reads Kafka in one shared group.
 */
class PushWorkerIsolationTest {

    static final String PUSH_WORKER = "broadcast-service";
    static final String PUBLIC_TIER = "dissemination-service";

    /**
     * What "public addresses" leaves out: RFC 1918, link-local (the cloud's metadata endpoint 169.254.169.254),
     * CGNAT (some clusters' pod or node networks) and loopback.
     */
    static final List<String> NOT_PUBLIC = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
            "100.64.0.0/10", "127.0.0.0/8");

    /**
     * The Secrets the public tier needs, and why; a new one is a decision to make here, not a line to slip into a
     * Deployment.
     */
    static final Map<String, String> PUBLIC_TIER_SECRETS = Map.of(
            "tocsin-db-dissemination", "its database login (read model)",
            "dissemination-service", "its Kafka user (Strimzi)",
            "tocsin-kafka-cluster-ca-cert", "the Kafka cluster's CA (public half)",
            "tocsin-db-ca", "the PostgreSQL cluster's CA (public half)",
            "tocsin-audit-key-dissemination", "the HMAC key of its audit chain, still verified",
            "tocsin-cap-signing", "the CAP signing key: it signs the CAP alerts it serves");

    /** Names that belong to the networks' credentials, in a Secret's name, an environment variable or a key. */
    static final Pattern SOCIAL = Pattern.compile(
            "(?i)social|mastodon|bluesky|facebook|telegram|webhook|twitter|oauth|refresh.?token|client.?secret|(^|[._])x([._]|$)");

    /**
     * Keys a required Secret holds whose names read like a network's credential but are not one, and why; a new one is
     * a decision to make here.
     */
    static final Map<String, String> NOT_NETWORK_CREDENTIALS = Map.of(
            "tocsin-console/oidc-client-secret", "the console's client at the identity provider: the authorization code"
                    + " exchange only, no role, no service account (ConsoleManifestsTest)");

    static List<String> overlays() throws IOException {
        return Overlays.names();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void thePublicTierHoldsNoNetworkCredential(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        JsonNode deployment = Overlays.named(objects, "Deployment", PUBLIC_TIER);
        assertThat(secretsOf(deployment)).as(overlay + ": the Secrets " + PUBLIC_TIER + " is given")
                .containsExactlyInAnyOrderElementsOf(PUBLIC_TIER_SECRETS.keySet());
        Map<String, String> environment = ManifestsTest.environment(objects, PUBLIC_TIER);
        assertThat(environment.keySet()).as(overlay + ": " + PUBLIC_TIER + "'s environment and ConfigMaps")
                .noneMatch(name -> SOCIAL.matcher(name).find());
        assertThat(environment.keySet()).as(PUBLIC_TIER + ": no directory of secrets to read as configuration")
                .doesNotContain("TOCSIN_SECRETS_DIR", "SMALLRYE_CONFIG_SOURCE_FILE_LOCATIONS");
        List<String> mounts = new ArrayList<>();
        deployment.path("spec").path("template").path("spec").path("containers")
                .forEach(c -> c.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText())));
        assertThat(mounts).as(PUBLIC_TIER + " mounts").noneMatch(m -> m.startsWith("/etc/tocsin/secrets"));
    }

    /**
     * Only the push worker is given a network credential, in every overlay, and the production overlay asks for none
     * that another service would read. Its credentials are mounted where its configuration reads them.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void onlyThePushWorkerIsGivenTheNetworksCredentials(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        List<String> given = new ArrayList<>();
        for (JsonNode deployment : Overlays.ofKind(objects, "Deployment")) {
            for (String secret : secretsOf(deployment)) {
                if (SOCIAL.matcher(secret).find()) {
                    given.add(Overlays.name(deployment) + " <- " + secret);
                }
            }
        }
        assertThat(given).as(overlay + ": Secrets of network credentials").containsExactly(PUSH_WORKER + " <- broadcast-social-credentials");
        JsonNode pod = Overlays.named(objects, "Deployment", PUSH_WORKER).path("spec").path("template").path("spec");
        String volume = null;
        for (JsonNode v : pod.path("volumes")) {
            if ("broadcast-social-credentials".equals(v.path("secret").path("secretName").asText())) {
                volume = v.path("name").asText();
            }
        }
        List<String> mounted = new ArrayList<>();
        for (JsonNode mount : pod.path("containers").get(0).path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                assertThat(mount.path("readOnly").asBoolean(false)).as("credentials mounted read-only").isTrue();
                mounted.add(mount.path("mountPath").asText());
            }
        }
        // The prod profile reads every file there as a property (smallrye.config.source.file.locations).
        assertThat(mounted).as(PUSH_WORKER + " mounts its credentials where TOCSIN_SECRETS_DIR defaults")
                .containsExactly("/etc/tocsin/secrets");
        Overlays.requiredSecrets(overlay).forEach((name, keys) -> {
            assertThat(name).as(overlay + " requires a network credential Secret").doesNotContainPattern(SOCIAL);
            assertThat(keys).as(overlay + " " + name + " keys").noneMatch(key -> SOCIAL.matcher(key).find()
                    && !NOT_NETWORK_CREDENTIALS.containsKey(name + "/" + key));
        });
    }

    /**
     * The same, in the public tier's own configuration (its application.properties, as the ConfigMaps' profiles
     * resolve it): no network, account or credential is named there.
     */
    @Test
    void thePublicTiersConfigurationNamesNoNetworkAndNoCredential() {
        QuarkusConfig config = QuarkusConfig.of(PUBLIC_TIER, ManifestsTest.PROFILES);
        assertThat(new TreeSet<>(config.properties().keySet())).as(PUBLIC_TIER + " configuration (prod,kubernetes)")
                .noneMatch(key -> key.startsWith("tocsin.social.") || SOCIAL.matcher(key).find());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void thePublicTierReachesOnlyDnsKafkaAndPostgres(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        List<JsonNode> rules = egress(objects, PUBLIC_TIER);
        assertThat(rules).as(PUBLIC_TIER + ": a policy of type Egress selects it (else its egress is open)").isNotEmpty();
        for (JsonNode rule : rules) {
            assertThat(rule.path("to").isEmpty()).as(PUBLIC_TIER + ": a rule to anywhere " + rule).isFalse();
            assertThat(inCluster(rule)).as(PUBLIC_TIER + " egress " + rule + ": only DNS (53), Kafka (9093), PostgreSQL (5432)")
                    .isNotNull();
        }
        assertThat(rules.stream().map(PushWorkerIsolationTest::inCluster)).as(PUBLIC_TIER + " egress")
                .containsExactlyInAnyOrder("dns", "kafka", "postgres");
        assertThat(labels(objects, PUBLIC_TIER).path("tocsin.fr/verifies-tokens").asText("false"))
                .as(PUBLIC_TIER + " takes no token, so needs no way to the identity provider").isEqualTo("false");
        assertThat(PlatformTest.authorityServices(objects)).as("the authority host routes nothing to " + PUBLIC_TIER)
                .doesNotContain(PUBLIC_TIER);
    }

    /**
     * The push worker's way out: TCP 443 to public IPv4 addresses only (the identity provider's addresses on 443 too,
     * as every service that verifies tokens), and its SMSC and SMTP relay on their own ports at their own addresses
     * ({@link #thePushWorkerReachesItsSmscAndSmtpRelayOnlyAtTheirAddresses}), besides DNS, Kafka and PostgreSQL in the
     * cluster. No IPv6 rule exists, so no IPv6 egress either.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void thePushWorkerLeavesTheClusterOnlyForHttpsToPublicAddresses(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        List<JsonNode> rules = egress(objects, PUSH_WORKER);
        Set<String> inCluster = new TreeSet<>();
        boolean internet = false;
        for (JsonNode rule : rules) {
            assertThat(rule.path("to").isEmpty()).as(PUSH_WORKER + ": a rule to anywhere " + rule).isFalse();
            String kind = inCluster(rule);
            if (kind != null) {
                inCluster.add(kind);
                continue;
            }
            if (!ports(rule).equals(List.of("TCP/443"))) {
                assertThat(messagingPorts(objects)).as(PUSH_WORKER + " leaves the cluster on " + rule.path("ports")
                        + ": 443, or its SMSC's or relay's port only").containsAll(ports(rule));
                assertThat(rule.path("to").findValues("cidr").stream().map(JsonNode::asText).toList())
                        .as(PUSH_WORKER + " messaging egress " + rule + ": not the internet").doesNotContain("0.0.0.0/0");
            }
            for (JsonNode peer : rule.path("to")) {
                String cidr = peer.path("ipBlock").path("cidr").asText("");
                assertThat(cidr).as(PUSH_WORKER + " egress peer " + peer + ": an IPv4 block").matches("[0-9.]+/[0-9]+");
                if (cidr.equals("0.0.0.0/0")) {
                    internet = true;
                    assertThat(strings(peer.path("ipBlock").path("except"))).as(PUSH_WORKER + ": the internet but not")
                            .containsAll(NOT_PUBLIC);
                } else {
                    // An address of its own (the identity provider's): a public one.
                    for (String range : NOT_PUBLIC) {
                        assertThat(overlaps(cidr, range)).as(PUSH_WORKER + " egress " + cidr + " within " + range).isFalse();
                    }
                }
            }
        }
        assertThat(internet).as(PUSH_WORKER + " reaches the networks and webhooks (0.0.0.0/0 on 443)").isTrue();
        assertThat(inCluster).as(PUSH_WORKER + " in-cluster egress").containsExactly("dns", "kafka", "postgres");
    }

    /**
     * Citizen subscriptions (#20): the SMSC (SMPP) and the SMTP relay are reached on the ports broadcast-service is
     * configured with ({@code TOCSIN_SMS_SMPP_PORT}, {@code QUARKUS_MAILER_PORT}), each at a few public addresses of its
     * own, never the whole internet on those ports, and nothing else opens them.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void thePushWorkerReachesItsSmscAndSmtpRelayOnlyAtTheirAddresses(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        Map<String, String> environment = ManifestsTest.environment(objects, PUSH_WORKER);
        assertThat(environment).as(PUSH_WORKER + " SMPP and SMTP ports").containsKeys("TOCSIN_SMS_SMPP_PORT", "QUARKUS_MAILER_PORT");
        Map<String, List<String>> peers = new java.util.TreeMap<>();
        for (JsonNode rule : egress(objects, PUSH_WORKER)) {
            for (String port : ports(rule)) {
                if (!messagingPorts(objects).contains(port)) {
                    continue;
                }
                assertThat(rule.path("ports").size()).as(overlay + ": the " + port + " rule opens that port alone " + rule).isEqualTo(1);
                for (JsonNode peer : rule.path("to")) {
                    String cidr = peer.path("ipBlock").path("cidr").asText("");
                    assertThat(cidr).as(overlay + " " + port + " peer " + peer + ": an IPv4 block of at most 256 addresses")
                            .matches("[0-9.]+/(2[4-9]|3[0-2])");
                    for (String range : NOT_PUBLIC) {
                        assertThat(overlaps(cidr, range)).as(overlay + " " + port + " to " + cidr + " within " + range).isFalse();
                    }
                    peers.computeIfAbsent(port, k -> new ArrayList<>()).add(cidr);
                }
            }
        }
        assertThat(peers.keySet()).as(overlay + ": " + PUSH_WORKER + " reaches its SMSC and its relay")
                .containsExactlyInAnyOrderElementsOf(messagingPorts(objects));
        for (String service : ManifestsTest.MODULES) {
            if (!service.equals(PUSH_WORKER)) {
                for (JsonNode rule : egress(objects, service)) {
                    assertThat(ports(rule)).as(service + " opens the SMSC's or relay's port").doesNotContainAnyElementsOf(
                            messagingPorts(objects));
                }
            }
        }
    }

    /** "TCP/2775" and "TCP/587" (or whatever broadcast-service's configuration says). */
    private static List<String> messagingPorts(List<JsonNode> objects) {
        Map<String, String> environment = ManifestsTest.environment(objects, PUSH_WORKER);
        return List.of("TCP/" + environment.get("TOCSIN_SMS_SMPP_PORT"), "TCP/" + environment.get("QUARKUS_MAILER_PORT"));
    }

    /** Its authority API through the ingress controller, its metrics for Prometheus, on its one HTTP port. */
    @ParameterizedTest
    @MethodSource("overlays")
    void thePushWorkerIsReachedByTheIngressControllerAndPrometheusOnly(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        JsonNode labels = labels(objects, PUSH_WORKER);
        Set<String> from = new TreeSet<>();
        for (JsonNode policy : Overlays.ofKind(objects, "NetworkPolicy")) {
            JsonNode selector = policy.path("spec").path("podSelector").path("matchLabels");
            if (!selector.isEmpty() && !ManifestsTest.selects(selector, labels)) {
                continue;
            }
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                assertThat(ports(rule)).as(Overlays.name(policy) + ": " + PUSH_WORKER + "'s HTTP port only").containsExactly("TCP/8080");
                assertThat(rule.path("from").size()).as(Overlays.name(policy) + ": one peer per rule").isEqualTo(1);
                JsonNode peer = rule.path("from").get(0);
                // The authorities' console calls its delivery API with each person's token (#21), from its own pods.
                if (peer.size() == 1 && ConsoleManifestsTest.CONSOLE.equals(peer.path("podSelector").path("matchLabels")
                        .path("app.kubernetes.io/name").asText())) {
                    from.add(ConsoleManifestsTest.CONSOLE);
                    continue;
                }
                assertThat(peer.has("podSelector") || peer.has("ipBlock")).as(Overlays.name(policy) + " " + peer).isFalse();
                from.add(peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText());
            }
        }
        boolean console = Overlays.ofKind(objects, "Deployment").stream()
                .anyMatch(d -> Overlays.name(d).equals(ConsoleManifestsTest.CONSOLE));
        List<String> expected = new ArrayList<>(List.of("ingress-nginx", MonitoringTest.MONITORING));
        if (console) {
            expected.add(ConsoleManifestsTest.CONSOLE);
        }
        assertThat(from).as(PUSH_WORKER + " ingress").containsExactlyInAnyOrderElementsOf(expected);
    }

    /** It reads what it posts about in one group shared by its replicas, and writes no topic (it has no outbox). */
    @ParameterizedTest
    @MethodSource("overlays")
    void thePushWorkerReadsIncidentsAndLiveNumbersInOneSharedGroupAndWritesNothing(String overlay) {
        JsonNode user = Overlays.named(Overlays.render(overlay), "KafkaUser", PUSH_WORKER);
        List<String> granted = new ArrayList<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            acl.path("operations").forEach(op -> granted.add(acl.path("type").asText("allow") + " "
                    + acl.path("resource").path("type").asText() + " " + acl.path("resource").path("name").asText() + " "
                    + acl.path("resource").path("patternType").asText("literal") + " " + op.asText()));
        }
        assertThat(granted).containsExactlyInAnyOrder(
                "allow topic " + fr.tocsin.contracts.Topics.INCIDENTS + " literal Read",
                "allow topic " + fr.tocsin.contracts.Topics.INCIDENTS + " literal Describe",
                "allow topic " + fr.tocsin.contracts.Topics.FALLBACK_NUMBERS + " literal Read",
                "allow topic " + fr.tocsin.contracts.Topics.FALLBACK_NUMBERS + " literal Describe",
                "allow group " + PUSH_WORKER + " literal Read");
        // Kafka Exporter reports the group's lag (TocsinConsumerLag).
        String groups = Overlays.ofKind(Overlays.render(overlay), "Kafka").get(0).path("spec").path("kafkaExporter")
                .path("groupRegex").asText();
        assertThat(PUSH_WORKER).as("Kafka Exporter's groupRegex " + groups).matches(groups);
    }

    /** The Secrets a Deployment's pods read: env, envFrom and volumes (projected ones included). */
    static Set<String> secretsOf(JsonNode deployment) {
        Set<String> secrets = new TreeSet<>();
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        List<JsonNode> containers = new ArrayList<>();
        pod.path("containers").forEach(containers::add);
        pod.path("initContainers").forEach(containers::add);
        for (JsonNode container : containers) {
            container.path("env").forEach(e -> {
                if (e.path("valueFrom").has("secretKeyRef")) {
                    secrets.add(e.path("valueFrom").path("secretKeyRef").path("name").asText());
                }
            });
            container.path("envFrom").forEach(e -> {
                if (e.has("secretRef")) {
                    secrets.add(e.path("secretRef").path("name").asText());
                }
            });
        }
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.has("secret")) {
                secrets.add(volume.path("secret").path("secretName").asText());
            }
            volume.path("projected").path("sources").forEach(s -> {
                if (s.has("secret")) {
                    secrets.add(s.path("secret").path("name").asText());
                }
            });
        }
        return secrets;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonNode labels(List<JsonNode> objects, String service) {
        return Overlays.named(objects, "Deployment", service).path("spec").path("template").path("metadata").path("labels");
    }

    /** The egress rules of every policy of type Egress that selects the service's pods. */
    private static List<JsonNode> egress(List<JsonNode> objects, String service) {
        JsonNode labels = labels(objects, service);
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode policy : Overlays.ofKind(objects, "NetworkPolicy")) {
            JsonNode selector = policy.path("spec").path("podSelector").path("matchLabels");
            boolean selects = policy.path("spec").path("podSelector").isEmpty() || ManifestsTest.selects(selector, labels);
            if (selects && policy.path("spec").path("policyTypes").toString().contains("Egress")) {
                policy.path("spec").path("egress").forEach(rules::add);
            }
        }
        return rules;
    }

    /**
     * Which in-cluster peer a rule opens, when it opens exactly one on its own port(s): "dns" (kube-dns, 53),
     * "kafka" (the brokers, 9093), "postgres" (the database cluster, 5432); null for anything else.
     */
    private static String inCluster(JsonNode rule) {
        if (rule.path("to").size() != 1 || rule.path("to").get(0).has("ipBlock")) {
            return null;
        }
        JsonNode peer = rule.path("to").get(0);
        JsonNode pods = peer.path("podSelector").path("matchLabels");
        String namespace = peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText("");
        Set<String> ports = new TreeSet<>(ports(rule));
        if (namespace.equals("kube-system") && pods.path("k8s-app").asText().equals("kube-dns")
                && ports.equals(Set.of("UDP/53", "TCP/53"))) {
            return "dns";
        }
        if (peer.has("namespaceSelector")) {
            return null;
        }
        if (pods.has("strimzi.io/cluster") && pods.path("strimzi.io/broker-role").asText().equals("true")
                && ports.equals(Set.of("TCP/9093"))) {
            return "kafka";
        }
        if (pods.has("cnpg.io/cluster") && ports.equals(Set.of("TCP/5432"))) {
            return "postgres";
        }
        return null;
    }

    private static List<String> ports(JsonNode rule) {
        List<String> ports = new ArrayList<>();
        rule.path("ports").forEach(p -> ports.add(p.path("protocol").asText("TCP") + "/" + p.path("port").asText()));
        return ports;
    }

    /** Whether two IPv4 CIDR blocks share an address. */
    static boolean overlaps(String a, String b) {
        long[] x = range(a);
        long[] y = range(b);
        return x[0] <= y[1] && y[0] <= x[1];
    }

    private static long[] range(String cidr) {
        String[] parts = cidr.split("/");
        long address = 0;
        for (String octet : parts[0].split("\\.")) {
            address = (address << 8) | Integer.parseInt(octet);
        }
        int bits = Integer.parseInt(parts[1]);
        long size = 1L << (32 - bits);
        long first = address & ~(size - 1) & 0xFFFFFFFFL;
        return new long[] {first, first + size - 1};
    }
}
