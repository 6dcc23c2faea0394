package fr.tocsin.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's application.properties as it resolves under given profiles, read from its sources. */
record QuarkusConfig(String service, Map<String, String> properties) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)(:[^}]*)?}");

    /**
     * The properties with the profiles applied: a later profile wins, as Quarkus does with a profile list. Under the
     * service's application.properties, service-kit's defaults (META-INF/microprofile-config.properties, a lower
     * ordinal); a profiled key of either wins over an unprofiled one, as in SmallRye Config.
     */
    static QuarkusConfig of(String service, List<String> profiles) {
        Path root = Overlays.K8S.getParent();
        List<Properties> sources = List.of(
                load(root.resolve("service-kit/src/main/resources/META-INF/microprofile-config.properties")),
                load(root.resolve("services").resolve(service).resolve("src/main/resources/application.properties")));
        Map<String, String> resolved = new LinkedHashMap<>();
        sources.forEach(raw -> raw.stringPropertyNames().stream().filter(k -> !k.startsWith("%"))
                .forEach(k -> resolved.put(k, raw.getProperty(k))));
        for (String profile : profiles) {
            String prefix = "%" + profile + ".";
            sources.forEach(raw -> raw.stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                    .forEach(k -> resolved.put(k.substring(prefix.length()), raw.getProperty(k))));
        }
        return new QuarkusConfig(service, resolved);
    }

    private static Properties load(Path file) {
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            raw.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw;
    }

    int httpPort() {
        return Integer.parseInt(properties.getOrDefault("quarkus.http.port", "8080"));
    }

    /** Environment variables the values need and give no default for: {@code ${NAME}}. */
    List<String> requiredEnvironment() {
        return properties.values().stream().flatMap(value -> {
            Matcher m = PLACEHOLDER.matcher(value);
            return m.results().filter(r -> r.group(2) == null).map(r -> r.group(1));
        }).filter(name -> name.equals(name.toUpperCase())).distinct().toList();
    }

    /** Kafka channels: name to (direction, topic, group id). */
    Map<String, Channel> channels() {
        Map<String, Channel> channels = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            Matcher m = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.topic").matcher(key);
            if (m.matches()) {
                String group = properties.get("mp.messaging.incoming." + m.group(2) + ".group.id");
                channels.put(m.group(2), new Channel(m.group(1).equals("incoming"), value, group));
            }
        });
        return channels;
    }

    record Channel(boolean incoming, String topic, String groupId) {
    }
}
