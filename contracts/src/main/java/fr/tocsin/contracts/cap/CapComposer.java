package fr.tocsin.contracts.cap;

import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The CAP 1.2 alert of one public incident version, before it is signed: dissemination-service's CAP feed writes
 * and signs it, the console shows it before a declaration is sent. The first public version is the Alert, later
 * ones are Updates (an ended incident says so with urgency Past and AllClear) or the Cancel, each referencing the
 * earlier messages. Territories are geocodes: INSEE for departments and communes, INSEE_REGION, ISO3166-1 for
 * France. Planned works (#22) are an Alert sent ahead (urgency Future, responseType Prepare) with their
 * {@code onset} and {@code expires}; their start and end are Updates.
 */
public final class CapComposer {

    /** The eventCode's valueName of each affected service ("15", "mairie"), written and read back by incident-service. */
    public static final String SERVICE_CODE = "TOCSIN_SERVICE";

    private CapComposer() {
    }

    /**
     * @param earlier the versions published before this one, oldest first
     * @param sender  the CAP sender (dissemination-service's {@code tocsin.public.cap-sender})
     * @param baseUrl the public site, the info's {@code web}
     */
    public static CapAlert alert(IncidentSnapshot incident, List<IncidentSnapshot> earlier, String sender, String baseUrl) {
        CapAlert alert = new CapAlert();
        alert.identifier = identifier(incident);
        alert.sender = sender;
        alert.sent = incident.updatedAt().atOffset(ZoneOffset.UTC);
        alert.status = switch (incident.mode()) {
            case ACTUAL -> "Actual";
            case EXERCISE -> "Exercise";
            case TEST -> "Test";
        };
        alert.msgType = earlier.isEmpty() ? "Alert" : incident.status() == IncidentStatus.CANCELLED ? "Cancel" : "Update";
        alert.scope = "Public";
        if (!earlier.isEmpty()) {
            alert.references = earlier.stream().map(e -> reference(e, sender)).collect(Collectors.joining(" "));
        }
        if (incident.status() == IncidentStatus.CANCELLED) {
            alert.note = incident.timeline().isEmpty() ? "Annulé" : incident.timeline().getLast().message().fr();
        }
        alert.infos.add(info(incident, "fr-FR", "fr", baseUrl));
        if (incident.title().en() != null) {
            alert.infos.add(info(incident, "en-GB", "en", baseUrl));
        }
        return alert;
    }

    public static String identifier(IncidentSnapshot incident) {
        return "TOCSIN-" + incident.reference() + "-v" + incident.version();
    }

    private static CapInfo info(IncidentSnapshot incident, String language, String lang, String baseUrl) {
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
        info.web = baseUrl + "/";
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

    private static String reference(IncidentSnapshot earlier, String sender) {
        return sender + "," + identifier(earlier) + ","
                + CapDateTimeAdapter.format(earlier.updatedAt().atOffset(ZoneOffset.UTC));
    }

    private static String capitalize(String value) {
        return value.charAt(0) + value.substring(1).toLowerCase(Locale.ROOT);
    }
}
