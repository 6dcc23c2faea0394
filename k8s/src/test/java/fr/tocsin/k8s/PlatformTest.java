package fr.tocsin.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import fr.tocsin.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the services rely on from the platform: the topics they use, with the ACLs they need and no more;
 * a database and an owner each; the network open only where they talk; hosts that expose only what is public.
 * Production also gets the replication that survives losing a node.
 */
class PlatformTest {

    static List<String> overlays() throws IOException {
        return Overlays.names();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicAServiceUsesExistsCompactedAndEachUserHasExactlyTheAclsItsChannelsNeed(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        Set<String> topics = new HashSet<>();
        for (JsonNode topic : Overlays.ofKind(objects, "KafkaTopic")) {
            topics.add(topic.path("spec").path("topicName").asText());
            assertThat(topic.path("spec").path("config").path("cleanup.policy").asText())
                    .as(Overlays.name(topic) + " compacted: consumers rebuild state from the latest version per key")
                    .isEqualTo("compact");
        }
        assertThat(topics).containsExactlyInAnyOrder(Topics.INCIDENTS, Topics.FALLBACK_NUMBERS);
        for (String service : ManifestsTest.SERVICES) {
            Set<String> needed = new HashSet<>();
            QuarkusConfig.of(service, ManifestsTest.PROFILES).channels().values().forEach(channel -> {
                assertThat(topics).as(service + " uses " + channel.topic()).contains(channel.topic());
                needed.add("topic " + channel.topic() + " literal " + (channel.incoming() ? "Read" : "Write"));
                needed.add("topic " + channel.topic() + " literal Describe");
                if (channel.groupId() != null) {
                    // A per-instance group id (…${quarkus.uuid}) needs a prefix rule on what comes before.
                    int variable = channel.groupId().indexOf("${");
                    needed.add(variable < 0 ? "group " + channel.groupId() + " literal Read"
                            : "group " + channel.groupId().substring(0, variable) + " prefix Read");
                }
            });
            Set<String> granted = new HashSet<>();
            JsonNode user = Overlays.named(objects, "KafkaUser", service);
            assertThat(user.path("spec").path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                assertThat(acl.path("type").asText("allow")).isEqualTo("allow");
                JsonNode resource = acl.path("resource");
                acl.path("operations").forEach(op -> granted.add(resource.path("type").asText() + " "
                        + resource.path("name").asText() + " " + resource.path("patternType").asText("literal") + " " + op.asText()));
            }
            assertThat(granted).as(service + " ACLs").containsExactlyInAnyOrderElementsOf(needed);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachServiceHasItsOwnDatabaseOwnedByItsOwnRole(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        JsonNode cluster = Overlays.ofKind(objects, "Cluster").get(0);
        List<String> databases = Overlays.ofKind(objects, "Database").stream().map(d -> d.path("spec").path("name").asText()).toList();
        for (String service : ManifestsTest.deployed(objects)) {
            String configMap = service + "-config";
            String url = Overlays.named(objects, "ConfigMap", configMap).path("data").path("QUARKUS_DATASOURCE_JDBC_URL").asText();
            assertThat(url).as(service + " reaches the primary over verified TLS")
                    .startsWith("jdbc:postgresql://" + Overlays.name(cluster) + "-rw:5432/").contains("sslmode=verify-full");
            String path = url.substring(0, url.indexOf('?'));
            String database = path.substring(path.lastIndexOf('/') + 1);
            JsonNode declared = Overlays.ofKind(objects, "Database").stream()
                    .filter(d -> database.equals(d.path("spec").path("name").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no Database " + database + " for " + service));
            String owner = declared.path("spec").path("owner").asText();
            assertThat(declared.path("spec").path("cluster").path("name").asText()).isEqualTo(Overlays.name(cluster));
            JsonNode role = null;
            for (JsonNode r : cluster.path("spec").path("managed").path("roles")) {
                if (owner.equals(r.path("name").asText())) {
                    role = r;
                }
            }
            assertThat(role).as("managed role " + owner).isNotNull();
            // The password the service logs in with is the one the operator sets on the role.
            JsonNode deployment = Overlays.named(objects, "Deployment", service);
            String secret = null;
            for (JsonNode env : deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
                if (env.path("name").asText().equals("QUARKUS_DATASOURCE_PASSWORD")) {
                    secret = env.path("valueFrom").path("secretKeyRef").path("name").asText();
                }
            }
            assertThat(hbaMethod(cluster, database, owner)).as("pg_hba admits " + owner + " to " + database)
                    .isEqualTo("scram-sha-256");
            for (String other : databases) {
                if (!other.equals(database)) {
                    assertThat(hbaMethod(cluster, other, owner)).as(owner + " refused by " + other).isEqualTo("reject");
                }
            }
        }
    }

    /**
     * A database password rotates without downtime when each service has two logins, both acting as its database's
     * owner: a rollout switches the Deployment's Secret from one to the other while the old pods keep connecting with
     * theirs, then the idle login's password changes. Each login is a managed role with its own password Secret,
     * admitted by pg_hba to its service's database only, and every connection takes the owner's role so objects a
     * migration creates under one login belong to the owner, not to that login.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void eachServiceHasTwoLoginsThatCanConnectAsItsDatabaseOwner(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        JsonNode cluster = Overlays.ofKind(objects, "Cluster").get(0);
        Set<String> secrets = new HashSet<>(Overlays.requiredSecrets(overlay).keySet());
        Overlays.ofKind(objects, "Secret").forEach(secret -> secrets.add(Overlays.name(secret)));
        for (String service : ManifestsTest.deployed(objects)) {
            String url = Overlays.named(objects, "ConfigMap", service + "-config").path("data").path("QUARKUS_DATASOURCE_JDBC_URL").asText();
            String path = url.substring(0, url.indexOf('?'));
            String database = path.substring(path.lastIndexOf('/') + 1);
            String owner = Overlays.ofKind(objects, "Database").stream()
                    .filter(d -> database.equals(d.path("spec").path("name").asText())).findFirst().orElseThrow()
                    .path("spec").path("owner").asText();
            Map<String, String> logins = new java.util.LinkedHashMap<>(); // role -> its password Secret
            for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
                String name = role.path("name").asText();
                boolean actsAsOwner = name.equals(owner) || (role.path("inherit").asBoolean(true)
                        && role.path("inRoles").toString().contains("\"" + owner + "\""));
                if (actsAsOwner && role.path("login").asBoolean(false) && !"absent".equals(role.path("ensure").asText())
                        && !role.path("passwordSecret").path("name").asText().isEmpty()) {
                    logins.put(name, role.path("passwordSecret").path("name").asText());
                }
            }
            assertThat(logins).as(service + ": two logins acting as " + owner).hasSizeGreaterThanOrEqualTo(2);
            assertThat(new HashSet<>(logins.values())).as(service + ": one password Secret per login").hasSize(logins.size());
            for (Map.Entry<String, String> login : logins.entrySet()) {
                assertThat(hbaMethod(cluster, database, login.getKey())).as("pg_hba admits " + login.getKey() + " to " + database)
                        .isEqualTo("scram-sha-256");
                assertThat(secrets).as(login.getKey() + "'s password Secret exists or is required").contains(login.getValue());
                JsonNode rendered = Overlays.ofKind(objects, "Secret").stream()
                        .filter(x -> login.getValue().equals(Overlays.name(x))).findFirst().orElse(null);
                if (rendered != null) {
                    assertThat(new String(java.util.Base64.getDecoder().decode(rendered.path("data").path("username").asText())))
                            .as(login.getValue() + " names its role").isEqualTo(login.getKey());
                }
            }
            JsonNode deployment = Overlays.named(objects, "Deployment", service);
            Map<String, String> from = new java.util.HashMap<>();
            for (JsonNode env : deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
                from.put(env.path("name").asText(), env.path("valueFrom").path("secretKeyRef").path("name").asText());
            }
            assertThat(from.get("QUARKUS_DATASOURCE_USERNAME")).as(service + ": user and password from the same Secret")
                    .isEqualTo(from.get("QUARKUS_DATASOURCE_PASSWORD"));
            assertThat(logins.values()).as(service + " logs in with one of its logins").contains(from.get("QUARKUS_DATASOURCE_PASSWORD"));
            assertThat(Overlays.named(objects, "ConfigMap", service + "-config").path("data")
                    .path("QUARKUS_DATASOURCE_JDBC_NEW_CONNECTION_SQL").asText())
                    .as(service + ": every connection acts as " + owner + ", whichever login opened it").isEqualTo("SET ROLE " + owner);
        }
    }

    /**
     * What the cluster's pg_hba answers to a TLS connection of {@code user} to {@code database}: the method of the
     * first rule that matches, as PostgreSQL reads it ({@code +role} matches the role and its members), or
     * "reject" when none does. The operator's own rules, before these, concern its own users only.
     */
    static String hbaMethod(JsonNode cluster, String database, String user) {
        Map<String, Set<String>> memberOf = new java.util.HashMap<>();
        for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
            Set<String> groups = new HashSet<>();
            role.path("inRoles").forEach(g -> groups.add(g.asText()));
            memberOf.put(role.path("name").asText(), groups);
        }
        for (JsonNode line : cluster.path("spec").path("postgresql").path("pg_hba")) {
            String[] fields = line.asText().trim().split("\\s+");
            if (!fields[0].equals("host") && !fields[0].equals("hostssl")) {
                continue;
            }
            boolean databaseMatches = List.of(fields[1].split(",")).stream().anyMatch(d -> d.equals("all") || d.equals(database));
            boolean userMatches = List.of(fields[2].split(",")).stream().anyMatch(u -> u.equals("all") || u.equals(user)
                    || (u.startsWith("+") && isMember(user, u.substring(1), memberOf, new HashSet<>())));
            if (databaseMatches && userMatches) {
                return fields[fields.length - 1];
            }
        }
        return "reject";
    }

    private static boolean isMember(String user, String role, Map<String, Set<String>> memberOf, Set<String> seen) {
        if (user.equals(role)) {
            return true;
        }
        if (!seen.add(user)) {
            return false;
        }
        return memberOf.getOrDefault(user, Set.of()).stream().anyMatch(group -> isMember(group, role, memberOf, seen));
    }

    /** A rule that lets in only the console's pods, from this namespace. */
    private static boolean fromConsole(JsonNode rule) {
        JsonNode from = rule.path("from");
        return from.size() == 1 && from.get(0).path("namespaceSelector").isMissingNode()
                && "console-service".equals(from.get(0).path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theNetworkIsClosedExceptWhereTheServicesTalk(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        List<JsonNode> policies = Overlays.ofKind(objects, "NetworkPolicy");
        assertThat(policies).as("a default deny for every pod").anyMatch(p -> p.path("spec").path("podSelector").isEmpty()
                && p.path("spec").path("policyTypes").toString().contains("Ingress") && p.path("spec").path("ingress").isEmpty());
        for (String service : ManifestsTest.MODULES) {
            int port = QuarkusConfig.of(service, ManifestsTest.PROFILES).httpPort();
            JsonNode labels = Overlays.named(objects, "Deployment", service).path("spec").path("template").path("metadata").path("labels");
            List<String> ingressPorts = new ArrayList<>();
            for (JsonNode policy : policies) {
                JsonNode podSelector = policy.path("spec").path("podSelector").path("matchLabels");
                if (podSelector.isEmpty() || !ManifestsTest.selects(podSelector, labels)) {
                    continue;
                }
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    if (MonitoringTest.fromMonitoring(rule)) {
                        continue; // Prometheus, on the metrics port only: MonitoringTest
                    }
                    if (fromConsole(rule)) {
                        // The authorities' console calls incident-, fallback- and broadcast-service (deliveries,
                        // re-drives) as the person signed in (issue #21), on their HTTP port: ConsoleManifestsTest.
                        assertThat(service).as(Overlays.name(policy)).isIn("incident-service", "fallback-service",
                                "broadcast-service");
                        rule.path("ports").forEach(p -> ingressPorts.add(p.path("port").asText()));
                        continue;
                    }
                    assertThat(rule.path("from").toString()).as(Overlays.name(policy) + ": only from the ingress controller")
                            .contains("ingress-nginx").doesNotContain("ipBlock");
                    rule.path("ports").forEach(p -> ingressPorts.add(p.path("port").asText()));
                }
            }
            assertThat(ingressPorts).as(service + " reachable only on its HTTP port").containsOnly(String.valueOf(port));
        }
        JsonNode listener = Overlays.ofKind(objects, "Kafka").get(0).path("spec").path("kafka").path("listeners");
        assertThat(listener).allSatisfy(l -> {
            assertThat(l.path("tls").asBoolean()).as("Kafka listener " + l.path("name").asText() + " TLS").isTrue();
            assertThat(l.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
            assertThat(l.path("networkPolicyPeers").toString()).contains("\"app.kubernetes.io/component\":\"service\"");
        });
    }

    /**
     * Each service reaches what its configuration names, and nothing outside the cluster but what it must: the
     * identity provider's keys (MP_JWT_VERIFY_PUBLICKEY_LOCATION) for every service that verifies tokens, and the
     * social networks and partner webhooks (HTTPS) for broadcast-service (#18). A service verifies tokens when the
     * authority host routes to it (tokens reach a service only that way: the public host carries none of its
     * authenticated paths, thePublicHostExposesOnlyPublicPaths…). Derived from the services' sources and
     * ConfigMaps, not from a list of ports: a service that verifies tokens without a way to its issuer's keys
     * refuses every authority login (#17).
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void eachServiceReachesWhatItsConfigurationNamesAndLeavesTheClusterOnlyWhereItMust(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay);
        List<JsonNode> policies = Overlays.ofKind(objects, "NetworkPolicy");
        for (String service : ManifestsTest.SERVICES) {
            QuarkusConfig config = QuarkusConfig.of(service, ManifestsTest.PROFILES);
            Map<String, String> environment = ManifestsTest.environment(objects, service);
            JsonNode labels = Overlays.named(objects, "Deployment", service).path("spec").path("template").path("metadata").path("labels");
            List<JsonNode> rules = new ArrayList<>();
            for (JsonNode policy : policies) {
                if (ManifestsTest.selects(policy.path("spec").path("podSelector").path("matchLabels"), labels)
                        && policy.path("spec").path("policyTypes").toString().contains("Egress")) {
                    policy.path("spec").path("egress").forEach(rules::add);
                }
            }
            assertThat(rules).as(service + " has a closed egress (a policy of type Egress selects it)").isNotEmpty();
            java.util.function.BiPredicate<JsonNode, Integer> onPort = (rule, p) -> {
                for (JsonNode port : rule.path("ports")) {
                    if (port.path("port").asInt() == p && port.path("protocol").asText("TCP").equals("TCP")) {
                        return true;
                    }
                }
                return false;
            };
            java.util.function.Predicate<JsonNode> leavesCluster = rule -> rule.path("to").toString().contains("ipBlock")
                    || rule.path("to").isMissingNode() || rule.path("to").isEmpty();

            URI kafka = URI.create("kafka://" + environment.get("KAFKA_BOOTSTRAP_SERVERS").split(",")[0]);
            URI database = URI.create(environment.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
            assertThat(rules).as(service + " resolves names").anyMatch(r -> onPort.test(r, 53)
                    && r.path("to").toString().contains("kube-dns"));
            assertThat(rules).as(service + " reaches Kafka " + kafka).anyMatch(r -> onPort.test(r, kafka.getPort())
                    && r.path("to").toString().contains("strimzi.io/cluster") && !leavesCluster.test(r));
            assertThat(rules).as(service + " reaches PostgreSQL " + database).anyMatch(r -> onPort.test(r, database.getPort())
                    && r.path("to").toString().contains("cnpg.io/cluster") && !leavesCluster.test(r));

            Set<Integer> outside = new HashSet<>();
            if (authorityServices(objects).contains(service)) {
                assertThat(config.properties()).as(service + " serves the authority host: it verifies bearer tokens")
                        .containsKey("mp.jwt.verify.issuer");
                URI keys = URI.create(environment.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
                int port = keys.getPort() > 0 ? keys.getPort() : keys.getScheme().equals("https") ? 443 : 80;
                outside.add(port);
                assertThat(rules).as(service + " verifies tokens: it must reach the identity provider's keys at " + keys)
                        .anyMatch(r -> onPort.test(r, port) && leavesCluster.test(r));
            }
            if (service.equals(PushWorkerIsolationTest.PUSH_WORKER)) {
                outside.add(443); // social networks and partner webhooks
                outside.add(Integer.parseInt(environment.get("TOCSIN_SMS_SMPP_PORT"))); // the SMSC (subscriptions)
                outside.add(Integer.parseInt(environment.get("QUARKUS_MAILER_PORT"))); // the SMTP relay
            }
            for (JsonNode rule : rules) {
                if (!leavesCluster.test(rule)) {
                    continue;
                }
                assertThat(rule.path("ports").isEmpty()).as(service + ": a rule leaving the cluster on every port").isFalse();
                rule.path("ports").forEach(p -> assertThat(outside).as(service + " leaves the cluster on " + p)
                        .contains(p.path("port").asInt()));
                for (JsonNode peer : rule.path("to")) {
                    String cidr = peer.path("ipBlock").path("cidr").asText("");
                    if (cidr.endsWith("/0")) {
                        assertThat(service).as("only " + PushWorkerIsolationTest.PUSH_WORKER + " talks to the whole internet ("
                                + cidr + ")").isEqualTo(PushWorkerIsolationTest.PUSH_WORKER);
                        assertThat(PushWorkerIsolationTest.strings(peer.path("ipBlock").path("except"))).as(service
                                + ": never the cluster's own or the cloud's metadata addresses")
                                .containsAll(PushWorkerIsolationTest.NOT_PUBLIC);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void thePublicHostExposesOnlyPublicPathsAndTheAuthorityHostTheWriteApis(String overlay) {
        List<JsonNode> ingresses = Overlays.ofKind(Overlays.render(overlay), "Ingress");
        Map<String, String> authority = Map.of(
                "/api/v1/incidents", "incident-service", "/api/v1/templates", "incident-service",
                "/api/v1/fallback-numbers", "fallback-service", "/api/v1/live-numbers", "fallback-service",
                "/api/v1/social-accounts", "broadcast-service", "/api/v1/deliveries", "broadcast-service");
        JsonNode publicHost = Overlays.named(ingresses, "Ingress", "tocsin-public");
        JsonNode authorityHost = Overlays.named(ingresses, "Ingress", "tocsin-authorities");
        for (JsonNode ingress : List.of(publicHost, authorityHost)) {
            assertThat(ingress.path("spec").path("tls").path(0).path("hosts").path(0).asText()).as(Overlays.name(ingress) + " TLS")
                    .isEqualTo(ingress.path("spec").path("rules").path(0).path("host").asText());
        }
        assertThat(publicHost.path("spec").path("rules").path(0).path("host").asText())
                .isNotEqualTo(authorityHost.path("spec").path("rules").path(0).path("host").asText());
        // The public host: dissemination-service's read-only paths, and broadcast-service's subscription paths only.
        Set<String> subscriptionPaths = Set.of("/abonnement", "/en/abonnement", "/api/v1/subscriptions");
        for (JsonNode path : publicHost.path("spec").path("rules").path(0).path("http").path("paths")) {
            String prefix = path.path("path").asText();
            assertThat(path.path("backend").path("service").path("name").asText()).as("public " + prefix)
                    .isEqualTo(subscriptionPaths.contains(prefix) ? "broadcast-service" : "dissemination-service");
            boolean exact = path.path("pathType").asText().equals("Exact");
            for (String hidden : List.of("/q/health", "/q/openapi", "/q/metrics", "/api/v1/social-accounts", "/api/v1/deliveries",
                    "/api/v1/audit")) {
                assertThat(exact ? hidden.equals(prefix) : (hidden + "/").startsWith(prefix.endsWith("/") ? prefix : prefix + "/"))
                        .as("public path " + prefix + " exposes " + hidden).isFalse();
            }
        }
        for (String page : List.of("/", "/departements/59", "/communes/59350", "/en/departements/59", "/static/tocsin/tocsin.css",
                "/feeds/incidents.atom", "/cap/0b5a3c5e-8f3e-4a55-9d68-3f0d9a1f4f11.xml", "/api/v1/notices")) {
            assertThat(routes(publicHost, page)).as("public " + page).isEqualTo("dissemination-service");
        }
        for (String subscription : List.of("/abonnement", "/abonnement/code", "/en/abonnement", "/en/abonnement/gerer",
                "/abonnement/static/dsfr/core/core.min.css", "/api/v1/subscriptions", "/api/v1/subscriptions/unsubscribe")) {
            assertThat(routes(publicHost, subscription)).as("public " + subscription).isEqualTo("broadcast-service");
        }
        for (String page : List.of("/en", "/en/departements/59", "/en/abonnements-rss")) {
            assertThat(routes(publicHost, page)).as("public " + page).isEqualTo("dissemination-service");
        }
        authority.forEach((prefix, service) ->
                assertThat(routes(authorityHost, prefix + "/x")).as("authority " + prefix).isEqualTo(service));
    }

    /**
     * Each service's audit trail (/api/v1/audit and /verification) is reachable on the authority host under its own
     * prefix, rewritten to the service's path, and on no other host.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theAuditTrailsAreOnTheAuthorityHostOnly(String overlay) {
        List<JsonNode> ingresses = Overlays.ofKind(Overlays.render(overlay), "Ingress");
        JsonNode audit = Overlays.named(ingresses, "Ingress", "tocsin-authorities-audit");
        String authorityHost = Overlays.named(ingresses, "Ingress", "tocsin-authorities").path("spec").path("rules").path(0)
                .path("host").asText();
        assertThat(audit.path("spec").path("rules")).as("one host").hasSize(1);
        assertThat(audit.path("spec").path("rules").path(0).path("host").asText()).isEqualTo(authorityHost);
        assertThat(audit.path("spec").path("tls").path(0).path("hosts").path(0).asText()).isEqualTo(authorityHost);
        String rewrite = audit.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/rewrite-target").asText();
        Map<String, String> prefixes = Map.of("/api/v1/audit/incidents", "incident-service",
                "/api/v1/audit/fallback-numbers", "fallback-service", "/api/v1/audit/broadcast", "broadcast-service");
        prefixes.forEach((prefix, service) -> {
            for (String tail : List.of("", "/verification")) {
                List<JsonNode> matching = new ArrayList<>();
                Pattern matched = null;
                for (JsonNode path : audit.path("spec").path("rules").path(0).path("http").path("paths")) {
                    Pattern regex = Pattern.compile(path.path("path").asText());
                    if (regex.matcher(prefix + tail).lookingAt()) {
                        matching.add(path);
                        matched = regex;
                    }
                }
                assertThat(matching).as(prefix + tail).hasSize(1);
                assertThat(matching.get(0).path("backend").path("service").path("name").asText()).as(prefix + tail).isEqualTo(service);
                Matcher m = matched.matcher(prefix + tail);
                assertThat(m.lookingAt()).isTrue();
                assertThat(rewrite.replace("$1", m.group(1) == null ? "" : m.group(1))).as(prefix + tail + " reaches")
                        .isEqualTo("/api/v1/audit" + tail);
            }
        });
        for (JsonNode ingress : ingresses) {
            if (ingress != audit) {
                for (JsonNode rule : ingress.path("spec").path("rules")) {
                    for (JsonNode path : rule.path("http").path("paths")) {
                        assertThat(path.path("path").asText()).as(Overlays.name(ingress) + " exposes the audit trail")
                                .doesNotStartWith("/api/v1/audit");
                    }
                }
            }
        }
    }

    @Test
    void productionSurvivesLosingANode() {
        List<JsonNode> objects = Overlays.render("production");
        int brokers = Overlays.ofKind(objects, "KafkaNodePool").stream()
                .filter(p -> p.path("spec").path("roles").toString().contains("broker"))
                .mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
        int controllers = Overlays.ofKind(objects, "KafkaNodePool").stream()
                .filter(p -> p.path("spec").path("roles").toString().contains("controller"))
                .mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
        assertThat(brokers).isGreaterThanOrEqualTo(3);
        assertThat(controllers).as("KRaft quorum").isGreaterThanOrEqualTo(3).matches(n -> n % 2 == 1, "odd");
        JsonNode config = Overlays.ofKind(objects, "Kafka").get(0).path("spec").path("kafka").path("config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        for (JsonNode topic : Overlays.ofKind(objects, "KafkaTopic")) {
            assertThat(topic.path("spec").path("replicas").asInt()).as(Overlays.name(topic)).isEqualTo(3);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt(2)).isEqualTo(2);
        }
        JsonNode cluster = Overlays.ofKind(objects, "Cluster").get(0).path("spec");
        assertThat(cluster.path("instances").asInt()).isEqualTo(3);
        assertThat(cluster.path("postgresql").path("synchronous").path("number").asInt()).as("synchronous standby").isGreaterThanOrEqualTo(1);
        assertThat(cluster.path("affinity").path("podAntiAffinityType").asText()).isEqualTo("required");
        String store = cluster.path("plugins").path(0).path("parameters").path("barmanObjectName").asText();
        assertThat(cluster.path("plugins").path(0).path("isWALArchiver").asBoolean()).as("WAL archived").isTrue();
        Overlays.named(objects, "ObjectStore", store);
        assertThat(Overlays.ofKind(objects, "ScheduledBackup")).anyMatch(b -> b.path("spec").path("cluster").path("name").asText()
                .equals(Overlays.name(Overlays.ofKind(objects, "Cluster").get(0))));
        for (String service : ManifestsTest.MODULES) { // the console too: the authorities' way in during a crisis
            JsonNode deployment = Overlays.named(objects, "Deployment", service);
            int replicas = deployment.path("spec").path("replicas").asInt(0);
            if (replicas == 0) {
                replicas = Overlays.ofKind(objects, "HorizontalPodAutoscaler").stream()
                        .filter(h -> service.equals(h.path("spec").path("scaleTargetRef").path("name").asText()))
                        .mapToInt(h -> h.path("spec").path("minReplicas").asInt()).findFirst().orElse(1);
            }
            assertThat(replicas).as(service + " replicas").isGreaterThanOrEqualTo(2);
            assertThat(deployment.path("spec").path("template").path("spec").path("topologySpreadConstraints").path(0)
                    .path("whenUnsatisfiable").asText()).as(service + " one per node").isEqualTo("DoNotSchedule");
        }
    }

    /**
     * The services the authority host routes to (the Ingresses on the host of tocsin-authorities): those that take
     * the authorities' bearer tokens, so must verify them. A service outside it (the public tier) receives none, even
     * if its code has an authenticated endpoint, and so never fetches the identity provider's keys.
     */
    static Set<String> authorityServices(List<JsonNode> objects) {
        List<JsonNode> ingresses = Overlays.ofKind(objects, "Ingress");
        String host = Overlays.named(ingresses, "Ingress", "tocsin-authorities").path("spec").path("rules").path(0).path("host").asText();
        Set<String> services = new java.util.TreeSet<>();
        for (JsonNode ingress : ingresses) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                if (rule.path("host").asText().equals(host)) {
                    rule.path("http").path("paths").forEach(p -> services.add(p.path("backend").path("service").path("name").asText()));
                }
            }
        }
        return services;
    }

    /** The backend service an Ingress sends a request path to, as the Ingress API defines matching. */
    static String routes(JsonNode ingress, String requestPath) {
        String best = null;
        int bestLength = -1;
        for (JsonNode path : ingress.path("spec").path("rules").path(0).path("http").path("paths")) {
            String p = path.path("path").asText();
            boolean matches = path.path("pathType").asText().equals("Exact") ? p.equals(requestPath)
                    : p.equals("/") || requestPath.equals(p) || requestPath.startsWith(p.endsWith("/") ? p : p + "/");
            if (matches && p.length() > bestLength) {
                best = path.path("backend").path("service").path("name").asText();
                bestLength = p.length();
            }
        }
        return best;
    }
}
