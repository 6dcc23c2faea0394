package fr.tocsin.dissemination.feeds;

import fr.tocsin.contracts.cap.CapAlert;
import fr.tocsin.contracts.cap.CapArea;
import fr.tocsin.contracts.cap.CapDateTimeAdapter;
import fr.tocsin.contracts.cap.CapInfo;
import fr.tocsin.contracts.cap.CapValuePair;
import fr.tocsin.contracts.cap.CapXml;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.config.PublicConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The CAP feed: each public incident version as a signed CAP 1.2 message (a CAP alert). The first public version
 * is the Alert, later ones are Updates (an ended incident says so with urgency Past and AllClear) or the Cancel,
 * each referencing the earlier messages. Territories are geocodes: INSEE for departments and communes,
 * INSEE_REGION, ISO3166-1 for France. Planned works (#22) are an Alert sent ahead (urgency Future, responseType
 * Prepare) with their {@code onset} and {@code expires}; their start and end are Updates.
 */
@ApplicationScoped
public class CapFeed {

    public static final String SERVICE_CODE = "TOCSIN_SERVICE";

    @Inject
    PublicConfig config;

    @Inject
    CapSigner signer;

    /** @param earlier the versions published before this one, oldest first */
    public String write(IncidentSnapshot incident, List<IncidentSnapshot> earlier) {
        CapAlert alert = new CapAlert();
        alert.identifier = identifier(incident);
        alert.sender = config.capSender();
        alert.sent = incident.updatedAt().atOffset(ZoneOffset.UTC);
        alert.status = switch (incident.mode()) {
            case ACTUAL -> "Actual";
            case EXERCISE -> "Exercise";
            case TEST -> "Test";
        };
        alert.msgType = earlier.isEmpty() ? "Alert" : incident.status() == IncidentStatus.CANCELLED ? "Cancel" : "Update";
        alert.scope = "Public";
        if (!earlier.isEmpty()) {
            alert.references = earlier.stream().map(this::reference).collect(Collectors.joining(" "));
        }
        if (incident.status() == IncidentStatus.CANCELLED) {
            alert.note = incident.timeline().isEmpty() ? "Annulé" : incident.timeline().getLast().message().fr();
        }
        alert.infos.add(info(incident, "fr-FR", "fr"));
        if (incident.title().en() != null) {
            alert.infos.add(info(incident, "en-GB", "en"));
        }
        return signer.sign(CapXml.write(alert));
    }

    private CapInfo info(IncidentSnapshot incident, String language, String lang) {
        boolean ended = incident.status().terminal();
        CapInfo info = new CapInfo();
        info.language = language;
        info.categories.add("Infra");
        info.event = incident.title().in(lang);
        if (ended) {
            info.responseTypes.add("AllClear");
        }
        info.urgency = ended ? "Past" : capitalize(incident.urgency().name());
        info.severity = capitalize(incident.severity().name());
        info.certainty = capitalize(incident.certainty().name());
        incident.services().forEach(service -> info.eventCodes.add(new CapValuePair(SERVICE_CODE, service)));
        if (incident.status().upcoming()) {
            info.responseTypes.add("Prepare"); // planned works: know the numbers to call before they begin
        }
        if (incident.plannedStartAt() != null) {
            // Planned works (#22): the Alert is sent ahead, with when they begin; every later message keeps it.
            info.onset = incident.plannedStartAt().atOffset(ZoneOffset.UTC);
        }
        if (incident.expectedEndAt() != null) {
            info.expires = incident.expectedEndAt().atOffset(ZoneOffset.UTC);
        }
        info.senderName = incident.authority();
        info.headline = incident.title().in(lang);
        info.description = incident.description().in(lang);
        LocalizedText instructions = incident.instructions();
        info.instruction = instructions == null ? null : instructions.in(lang);
        info.web = config.baseUrl() + "/";
        TerritoryDirectory directory = TerritoryDirectory.get();
        for (TerritoryRef territory : incident.territories()) {
            CapArea area = new CapArea();
            area.areaDesc = directory.name(territory);
            area.geocodes.add(switch (territory.level()) {
                case NATIONAL -> new CapValuePair("ISO3166-1", "FR");
                case REGION -> new CapValuePair("INSEE_REGION", territory.code());
                case DEPARTMENT, COMMUNE -> new CapValuePair(CapXml.INSEE_GEOCODE, territory.code());
            });
            info.areas.add(area);
        }
        return info;
    }

    public String identifier(IncidentSnapshot incident) {
        return "TOCSIN-" + incident.reference() + "-v" + incident.version();
    }

    private String reference(IncidentSnapshot earlier) {
        return config.capSender() + "," + identifier(earlier) + ","
                + CapDateTimeAdapter.format(earlier.updatedAt().atOffset(ZoneOffset.UTC));
    }

    private static String capitalize(String value) {
        return value.charAt(0) + value.substring(1).toLowerCase(Locale.ROOT);
    }
}
