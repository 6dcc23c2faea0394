package fr.tocsin.console.layout;

import fr.tocsin.console.incidents.client.IncidentJson;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.TimelineEntry;
import fr.tocsin.pagekit.DsfrRoute;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.stream.Stream;

/**
 * The stylesheets the pages link: page-kit's DSFR, in cascade order, at {@code /dsfr/{release}/}, then the console's own.
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

    @Inject
    public Assets(DsfrRoute dsfr) {
        stylesheets = Stream.concat(dsfr.stylesheets().stream(), Stream.of("/console.css")).toList();
    }

    public List<String> stylesheets() {
        return stylesheets;
    }
}
