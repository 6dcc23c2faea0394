package fr.tocsin.console.layout;

import fr.tocsin.console.incidents.client.IncidentJson;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.TimelineEntry;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The DSFR stylesheets the pages link, in cascade order, as the public pages' asset script listed them
 * ({@code dsfr/stylesheets.txt}, copied at build time), then the console's own.
 */
@ApplicationScoped
@Named("assets")
@TemplateData(target = LocalizedText.class)
@TemplateData(target = TimelineEntry.class)
@TemplateData(target = Actor.class)
@TemplateData(target = IncidentJson.class)
@TemplateData(target = IncidentJson.Pending.class)
@TemplateData(target = fr.tocsin.console.incidents.DeclareCommand.class)
@TemplateData(target = fr.tocsin.console.apis.Refusal.class)
public class Assets {

    private final List<String> stylesheets;

    public Assets() {
        try (InputStream list = Assets.class.getClassLoader().getResourceAsStream("META-INF/resources/dsfr/stylesheets.txt")) {
            List<String> dsfr = list == null ? List.of() : new String(list.readAllBytes(), StandardCharsets.UTF_8)
                    .lines().filter(line -> !line.isBlank()).map(path -> "/dsfr/" + path).toList();
            stylesheets = java.util.stream.Stream.concat(dsfr.stream(), java.util.stream.Stream.of("/console.css")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> stylesheets() {
        return stylesheets;
    }
}
