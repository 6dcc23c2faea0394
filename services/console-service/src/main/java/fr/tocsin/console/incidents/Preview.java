package fr.tocsin.console.incidents;

import fr.tocsin.contracts.cap.CapComposer;
import fr.tocsin.contracts.cap.CapXml;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.ServiceNames;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.TimelineEntry;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.contracts.posts.Network;
import fr.tocsin.contracts.posts.Post;
import fr.tocsin.contracts.posts.PostComposer;
import fr.tocsin.contracts.posts.PostFormatter;
import fr.tocsin.contracts.posts.PostKind;
import fr.tocsin.contracts.sms.Gsm7;
import fr.tocsin.contracts.sms.SubscriberSms;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryLevel;
import fr.tocsin.contracts.territory.TerritoryRef;
import io.quarkus.qute.TemplateData;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Exactly what a declaration will put before the public once released, shown before it is sent, in French and
 * English: the department page's words, the SMS to subscribers, each network's post(s) with their lengths, and the
 * CAP message. Written by the code that sends them (contracts' {@link SubscriberSms}, {@link PostComposer},
 * {@link PostFormatter}, {@link CapComposer}), for the incident as incident-service will create it. What only
 * sending decides (the incident's id and reference, the time it is sent) is a placeholder of the same length, so
 * the lengths and SMS parts shown are those that will go out.
 *
 * @param territoryName the territory as citizens read it ("Nord (59)")
 * @param numbers       the numbers live in the territory once it is released (its standby numbers of the declared
 *                      services, and those already live), in the order the pages list them
 * @param cap           the CAP 1.2 message, unsigned (dissemination-service adds its signature when it publishes it)
 */
@TemplateData
public record Preview(DeclareCommand declaration, String authority, String territoryName, List<LiveNumber> numbers,
                      boolean needsApproval, boolean exercise, List<Language> languages, String cap,
                      IncidentSnapshot incident) {

    /** The id the incident will get: unknown before it is sent; a nil UUID has the length of the real one. */
    public static final UUID PLACEHOLDER_ID = new UUID(0, 0);
    /** The reference's number, unknown before it is sent (INC-yyyy-nnnnnn): as many characters. */
    public static final String PLACEHOLDER_NUMBER = "XXXXXX";

    /** The incident's id in the links, until sending gives it one. */
    public String placeholderId() {
        return incident.id().toString();
    }

    /** The incident's reference, until sending gives it one. */
    public String placeholderReference() {
        return incident.reference();
    }

    /** One language's version of everything that goes out. */
    @TemplateData
    public record Language(String code, String name, Page page, Sms sms, List<NetworkPosts> posts,
                           List<NetworkPosts> numberPosts) {
    }

    /** The department (or commune) page's words, as dissemination-service writes them. */
    @TemplateData
    public record Page(String url, String heading, String numbersHeading, List<NumberLine> numbers,
                       String incidentsHeading, String title, String status, String description,
                       String instructionsLabel, String instructions, String servicesLabel, String services,
                       String byline) {
    }

    @TemplateData
    public record NumberLine(String service, String national, String e164, String details) {
    }

    /**
     * The SMS a subscriber of the territory receives, its GSM-7 or UCS-2 encoding and its parts.
     *
     * @param units GSM-7 septets (an extended character takes two), else UCS-2 characters
     */
    @TemplateData
    public record Sms(String text, int units, boolean gsm7, int segments) {
    }

    /** A network's posts in a thread (one when it fits), each with its length as the network counts it. */
    @TemplateData
    public record NetworkPosts(String network, int limit, List<Part> parts) {
    }

    @TemplateData
    public record Part(String text, int length, boolean fits) {
    }

    /** The networks citizens follow (partner webhooks get the whole notice as JSON, never cut). */
    public static final List<Network> NETWORKS = List.of(Network.X, Network.BLUESKY, Network.MASTODON, Network.FACEBOOK,
            Network.TELEGRAM);

    /**
     * The incident as incident-service will create it from this declaration (its defaults: severity SEVERE, urgency
     * Immediate, certainty Observed; the texts stripped, a blank English text absent; the services as it normalizes
     * them), released now.
     */
    public static IncidentSnapshot incident(DeclareCommand declaration, TerritoryRef territory, String authority,
                                            String author, Instant now) {
        LocalizedText title = text(declaration.title());
        LocalizedText description = text(declaration.description());
        LocalizedText instructions = text(declaration.instructions());
        LinkedHashSet<String> services = new LinkedHashSet<>();
        declaration.services().forEach(s -> services.add(ServiceNames.normalize(s).orElse(s.strip())));
        String reference = "INC-" + now.atOffset(ZoneOffset.UTC).getYear() + "-" + PLACEHOLDER_NUMBER;
        IncidentMode mode = declaration.exercise() ? IncidentMode.EXERCISE : IncidentMode.ACTUAL;
        // No category: incident-service takes it from the template, and nothing that goes out shows it.
        return new IncidentSnapshot(PLACEHOLDER_ID, reference, 1, IncidentStatus.ACTIVE, mode, null,
                title == null ? LocalizedText.fr("") : title, description == null ? LocalizedText.fr("") : description,
                instructions, List.copyOf(services), List.of(territory),
                declaration.severity() == null ? Severity.SEVERE : declaration.severity(), Urgency.IMMEDIATE,
                Certainty.OBSERVED, authority, null, now, now, null, null, now,
                List.of(new TimelineEntry(now, author, new LocalizedText("Incident déclaré", "Incident declared"),
                        IncidentStatus.ACTIVE)));
    }

    /**
     * Everything that goes out for this incident once released.
     *
     * @param standby  the territory's registered numbers of the declared services: they go live with it
     * @param liveNow  the numbers live in the territory now (published by hand, or for another incident)
     * @param site     the public site (the pages' and posts' links)
     * @param sender   the CAP sender, as dissemination-service signs it
     */
    public static Preview of(DeclareCommand declaration, IncidentSnapshot incident, List<LiveNumber> standby,
                             List<LiveNumber> liveNow, boolean needsApproval, String site, String sender) {
        TerritoryRef territory = incident.territories().getFirst();
        boolean actual = incident.mode() == IncidentMode.ACTUAL;
        // What fallback-service makes live: an actual incident activates the standby numbers of its services.
        List<LiveNumber> activated = actual ? standby.stream().map(n -> new LiveNumber(n.service(), n.priority(),
                n.e164(), n.national(), n.label(), n.notes(), List.of(incident.id()))).toList() : List.of();
        List<LiveNumber> live = new ArrayList<>(activated);
        liveNow.stream().filter(n -> activated.stream().noneMatch(a -> a.e164().equals(n.e164())
                && a.service().equals(n.service()))).forEach(live::add);
        live.sort(LiveNumber.CITIZENS_ORDER);
        List<LiveNumber> smsNumbers = SubscriberSms.declarationNumbers(incident, live);
        List<Language> languages = new ArrayList<>();
        for (String code : List.of("fr", "en")) {
            languages.add(language(code, incident, territory, live, smsNumbers, site));
        }
        String cap = CapXml.write(CapComposer.alert(incident, List.of(), sender, site));
        return new Preview(declaration, incident.authority(), territoryName(territory), List.copyOf(live),
                needsApproval, !actual, List.copyOf(languages), cap, incident);
    }

    private static Language language(String code, IncidentSnapshot incident, TerritoryRef territory,
                                     List<LiveNumber> live, List<LiveNumber> smsNumbers, String site) {
        String link = PostComposer.incidentLink(incident.id(), code, site);
        String place = SubscriberSms.place(incident.territories());
        String smsText = SubscriberSms.declaration(place, incident.services(), smsNumbers, code, link);
        // GSM-7 septets (an extended character takes two), else UCS-2 characters: what the parts are counted in.
        int units = Gsm7.encode(smsText).map(septets -> septets.length).orElse(smsText.length());
        Sms sms = new Sms(smsText, units, Gsm7.canEncode(smsText), Gsm7.segments(smsText));
        List<NetworkPosts> posts = posts(PostComposer.incident(incident, PostKind.DECLARED, code, site));
        List<NetworkPosts> numberPosts = live.isEmpty() ? List.of() : posts(PostComposer.numbers(
                new LiveNumbersEvent(1, PLACEHOLDER_ID, incident.updatedAt(), territory, 1, live), code, site));
        return new Language(code, "en".equals(code) ? "English" : "Français", page(code, incident, territory, live, site),
                sms, posts, numberPosts);
    }

    private static List<NetworkPosts> posts(Post post) {
        return NETWORKS.stream().map(network -> new NetworkPosts(network.displayName(), network.limit(),
                PostFormatter.parts(network, post).stream().map(part -> {
                    int length = PostFormatter.length(network, part);
                    return new Part(part, length, length <= network.limit());
                }).toList())).toList();
    }


    /** The words of dissemination-service's department and commune pages (its PageMessages and msg_en). */
    private static Page page(String code, IncidentSnapshot incident, TerritoryRef territory, List<LiveNumber> live,
                             String site) {
        boolean en = "en".equals(code);
        TerritoryDirectory directory = TerritoryDirectory.get();
        String name = directory.exists(territory) ? directory.name(territory) : territory.toString();
        String heading = territory.level() == TerritoryLevel.DEPARTMENT
                ? name + " (" + territory.code() + ")" + (en ? ": what to do now" : " : que faire maintenant")
                : name + (en ? ": what to do now" : " : que faire maintenant");
        List<NumberLine> numbers = live.stream().map(n -> new NumberLine(service(n.service(), en), n.national(),
                n.e164(), n.label() == null ? "" : n.label() + (n.notes() == null ? "" : " — " + n.notes()))).toList();
        String services = String.join(", ", incident.services().stream().map(s -> service(s, en)).toList());
        String declaredAt = en ? "declared on (the time it is sent)" : "déclaré le (date et heure de l’envoi)";
        return new Page(PostComposer.territoryLink(territory, code, site), heading,
                en ? "Numbers to call now" : "Numéros à appeler maintenant", numbers,
                en ? "Incidents in progress" : "Incidents en cours", incident.title().in(code),
                en ? "In progress" : "En cours", incident.description().in(code), en ? "What to do:" : "Que faire :",
                incident.instructions() == null ? null : incident.instructions().in(code),
                en ? "Services affected:" : "Services concernés :", services,
                incident.reference() + " — " + incident.authority() + " — " + declaredAt);
    }

    private static final Map<String, String[]> SERVICES = Map.ofEntries(
            Map.entry("15", new String[]{"SAMU — urgence médicale (15)", "SAMU — medical emergency (15)"}),
            Map.entry("17", new String[]{"Police secours (17)", "Police (17)"}),
            Map.entry("18", new String[]{"Pompiers (18)", "Fire brigade (18)"}),
            Map.entry("112", new String[]{"Numéro d’urgence européen (112)", "European emergency number (112)"}),
            Map.entry("114", new String[]{"Urgences pour les personnes sourdes ou malentendantes (114)",
                    "Emergency for deaf or hard-of-hearing people (114)"}),
            Map.entry("115", new String[]{"Samu social (115)", "Homeless emergency (115)"}),
            Map.entry("116117", new String[]{"Médecin de garde (116 117)", "Out-of-hours doctor (116 117)"}),
            Map.entry("119", new String[]{"Enfance en danger (119)", "Children in danger (119)"}),
            Map.entry("196", new String[]{"Urgences en mer (196)", "Emergency at sea (196)"}),
            Map.entry("191", new String[]{"Urgences aéronautiques (191)", "Aviation emergency (191)"}),
            Map.entry("mairie", new String[]{"Mairie", "Town hall"}),
            Map.entry("etat-civil", new String[]{"État civil", "Civil registry"}));

    private static String service(String code, boolean en) {
        String[] names = SERVICES.get(code);
        return names == null ? code : names[en ? 1 : 0];
    }

    /** The territory as citizens read it: "Nord (59)", "Caen". */
    static String territoryName(TerritoryRef territory) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        String name = directory.exists(territory) ? directory.name(territory) : territory.toString();
        return territory.level() == TerritoryLevel.DEPARTMENT ? name + " (" + territory.code() + ")" : name;
    }

    /** As the console sends it (Bodies.Text.of): stripped, null when French is blank, English absent when blank. */
    private static LocalizedText text(LocalizedText text) {
        if (text == null || text.fr() == null || text.fr().isBlank()) {
            return null;
        }
        return new LocalizedText(text.fr().strip(), text.en() == null || text.en().isBlank() ? null : text.en().strip());
    }
}
