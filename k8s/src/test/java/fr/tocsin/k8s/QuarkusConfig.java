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

    /** The properties with the profiles applied: a later profile wins, as Quarkus does with a profile list. */
    static QuarkusConfig of(String service, List<String> profiles) {
        Properties raw = new Properties();
        Path file = Overlays.K8S.getParent().resolve("services").resolve(service)
                .resolve("src/main/resources/application.properties");
        try (Reader reader = Files.newBufferedReader(file)) {
            raw.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        raw.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> resolved.put(k, raw.getProperty(k)));
        for (String profile : profiles) {
            String prefix = "%" + profile + ".";
            raw.stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                    .forEach(k -> resolved.put(k.substring(prefix.length()), raw.getProperty(k)));
        }
        return new QuarkusConfig(service, resolved);
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
