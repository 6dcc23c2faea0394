package fr.tocsin.console.incidents;

import fr.tocsin.contracts.cap.CapAlert;
import fr.tocsin.contracts.cap.CapComposer;
import fr.tocsin.contracts.cap.CapXml;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.TimelineEntry;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.contracts.posts.Network;
import fr.tocsin.contracts.posts.PostComposer;
import fr.tocsin.contracts.posts.PostFormatter;
import fr.tocsin.contracts.posts.PostKind;
import fr.tocsin.contracts.sms.Gsm7;
import fr.tocsin.contracts.sms.SubscriberSms;
import fr.tocsin.contracts.territory.TerritoryRef;
import org.junit.jupiter.api.Test;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview shows what broadcast-service and dissemination-service will send for the same declaration: the SMS,
 * each network's posts and the CAP message equal what the shared composers (contracts, the code those services run)
 * write for the incident as incident-service creates it, in French and English; and the CAP validates against CAP 1.2.
 */
class PreviewTest {

    private static final String SITE = "https://alertes.tocsin.example";
    private static final String SENDER = "alertes@tocsin.gouv.fr";
    private static final String AUTHORITY = "Préfecture du Nord";
    private static final String AUTHOR = "Agent A (Préfecture du Nord)";
    private static final Instant NOW = Instant.parse("2026-06-02T16:05:12Z");
    private static final TerritoryRef NORD = TerritoryRef.department("59");

    private static final DeclareCommand DECLARATION = new DeclareCommand("numeros-urgence",
            new LocalizedText("  Numéros d’urgence injoignables ", "Emergency numbers unreachable"),
            new LocalizedText("Le 15 et le 18 ne répondent plus dans le Nord.", "15 and 18 do not answer in Nord."),
            new LocalizedText("Appelez les numéros ci-dessous.", " "), List.of("15", "18"), "department:59",
            Severity.SEVERE, false);

    /** ARCEP fiction numbers: the standby numbers of the declared services, and one the prefecture published by hand. */
    private static final LiveNumber SAMU = new LiveNumber("15", 1, "+33639980015", "06 39 98 00 15", "SAMU du Nord",
            "24 h/24", List.of());
    private static final LiveNumber FIRE = new LiveNumber("18", 1, "+33639980018", "06 39 98 00 18", "CODIS 59", null,
            List.of());
    private static final LiveNumber TOWN_HALL = new LiveNumber("mairie", 1, "+33639980020", "06 39 98 00 20",
            "Mairie de Lille", null, List.of());

    /** The incident incident-service creates from this declaration, written out here rather than by the preview. */
    private static IncidentSnapshot declared(IncidentMode mode) {
        return new IncidentSnapshot(Preview.PLACEHOLDER_ID, "INC-2026-XXXXXX", 1, IncidentStatus.ACTIVE, mode, null,
                new LocalizedText("Numéros d’urgence injoignables", "Emergency numbers unreachable"),
                new LocalizedText("Le 15 et le 18 ne répondent plus dans le Nord.", "15 and 18 do not answer in Nord."),
                new LocalizedText("Appelez les numéros ci-dessous.", null), List.of("15", "18"), List.of(NORD),
                Severity.SEVERE, Urgency.IMMEDIATE, Certainty.OBSERVED, AUTHORITY, null, NOW, NOW, null, null, NOW,
                List.of(new TimelineEntry(NOW, AUTHOR, new LocalizedText("Incident déclaré", "Incident declared"),
                        IncidentStatus.ACTIVE)));
    }

    private static Preview preview(DeclareCommand declaration) {
        IncidentSnapshot incident = Preview.incident(declaration, NORD, AUTHORITY, AUTHOR, NOW);
        return Preview.of(declaration, incident, List.of(SAMU, FIRE), List.of(TOWN_HALL), false, SITE, SENDER);
    }

    private static LiveNumber activated(LiveNumber n) {
        return new LiveNumber(n.service(), n.priority(), n.e164(), n.national(), n.label(), n.notes(),
                List.of(Preview.PLACEHOLDER_ID));
    }

    @Test
    void theIncidentIsTheOneIncidentServiceWillCreateWithPlaceholdersOfTheSameLength() {
        IncidentSnapshot incident = preview(DECLARATION).incident();

        assertThat(incident).isEqualTo(declared(IncidentMode.ACTUAL));
        assertThat(incident.id().toString()).hasSameSizeAs(UUID.randomUUID().toString());
        assertThat(incident.reference()).hasSameSizeAs("INC-2026-000123");
    }

    @Test
    void theSmsIsWhatSubscriberSmsWritesInBothLanguagesWithItsEncodingAndParts() {
        Preview preview = preview(DECLARATION);
        IncidentSnapshot incident = declared(IncidentMode.ACTUAL);
        // broadcast-service's SubscriberSender: the numbers the incident made live in its territory, by SubscriberSms.
        List<LiveNumber> live = List.of(activated(SAMU), activated(FIRE), TOWN_HALL);
        List<LiveNumber> its = SubscriberSms.declarationNumbers(incident, live);

        for (Preview.Language language : preview.languages()) {
            String expected = SubscriberSms.declaration(SubscriberSms.place(incident.territories()), incident.services(),
                    its, language.code(), PostComposer.incidentLink(incident.id(), language.code(), SITE));
            assertThat(language.sms().text()).as(language.code()).isEqualTo(expected);
            assertThat(language.sms().gsm7()).isEqualTo(Gsm7.canEncode(expected));
            assertThat(language.sms().segments()).isEqualTo(Gsm7.segments(expected));
            assertThat(language.sms().units()).isEqualTo(Gsm7.encode(expected).orElseThrow().length);
        }
        assertThat(preview.languages()).extracting(Preview.Language::code).containsExactly("fr", "en");
        // The numbers the declaration makes live, not the town hall's published by hand for something else.
        assertThat(preview.languages().getFirst().sms().text()).contains("06 39 98 00 15", "06 39 98 00 18")
                .doesNotContain("06 39 98 00 20").contains("/incidents/" + Preview.PLACEHOLDER_ID);
        assertThat(preview.languages().getLast().sms().text()).startsWith("Nord: 15 unreachable, call 06 39 98 00 15.")
                .contains(SITE + "/en/incidents/");
    }

    @Test
    void eachNetworksPostsAreWhatPostComposerAndPostFormatterWriteWithTheirLengths() {
        Preview preview = preview(DECLARATION);
        IncidentSnapshot incident = declared(IncidentMode.ACTUAL);
        List<LiveNumber> live = List.of(activated(SAMU), activated(FIRE), TOWN_HALL);

        for (Preview.Language language : preview.languages()) {
            assertThat(language.posts()).extracting(Preview.NetworkPosts::network)
                    .containsExactly("X", "Bluesky", "Mastodon", "Facebook", "Telegram");
            for (int i = 0; i < Preview.NETWORKS.size(); i++) {
                Network network = Preview.NETWORKS.get(i);
                List<String> expected = PostFormatter.parts(network,
                        PostComposer.incident(incident, PostKind.DECLARED, language.code(), SITE));
                Preview.NetworkPosts shown = language.posts().get(i);
                assertThat(shown.limit()).isEqualTo(network.limit());
                assertThat(shown.parts()).extracting(Preview.Part::text).as(language.code() + " " + network)
                        .isEqualTo(expected);
                assertThat(shown.parts()).extracting(Preview.Part::length)
                        .isEqualTo(expected.stream().map(part -> PostFormatter.length(network, part)).toList());
                assertThat(shown.parts()).allMatch(Preview.Part::fits);

                List<String> numbers = PostFormatter.parts(network, PostComposer.numbers(
                        new LiveNumbersEvent(1, Preview.PLACEHOLDER_ID, NOW, NORD, 1, live), language.code(), SITE));
                assertThat(language.numberPosts().get(i).parts()).extracting(Preview.Part::text).isEqualTo(numbers);
            }
        }
        assertThat(preview.languages().getLast().posts().getFirst().parts().getFirst().text())
                .startsWith("⚠️ Emergency numbers unreachable\n15 and 18 do not answer in Nord.");
    }

    @Test
    void aLongDeclarationIsShownAsTheThreadEachNetworkWillGet() {
        DeclareCommand longer = new DeclareCommand(null, DECLARATION.title(),
                LocalizedText.fr("Le 15 et le 18 ne répondent plus. ".repeat(20)), null, List.of("15"), "department:59",
                Severity.SEVERE, false);
        Preview preview = preview(longer);

        Preview.NetworkPosts x = preview.languages().getFirst().posts().getFirst();
        assertThat(x.parts()).hasSizeGreaterThan(1).allMatch(Preview.Part::fits);
        assertThat(x.parts()).extracting(Preview.Part::text).isEqualTo(PostFormatter.parts(Network.X,
                PostComposer.incident(preview.incident(), PostKind.DECLARED, "fr", SITE)));
        // Facebook takes it whole.
        assertThat(preview.languages().getFirst().posts().get(3).parts()).hasSize(1);
    }

    @Test
    void theCapIsWhatTheCapFeedWritesBeforeSigningAndValidatesAgainstCap12() throws Exception {
        Preview preview = preview(DECLARATION);

        assertThat(preview.cap()).isEqualTo(CapXml.write(CapComposer.alert(declared(IncidentMode.ACTUAL), List.of(),
                SENDER, SITE)));
        CapXml.validate(preview.cap());
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.newSchema(referenceXsd().toFile()).newValidator()
                .validate(new StreamSource(new StringReader(preview.cap())));

        CapAlert alert = CapXml.parse(preview.cap().getBytes(StandardCharsets.UTF_8));
        assertThat(alert.status).isEqualTo("Actual");
        assertThat(alert.msgType).isEqualTo("Alert");
        assertThat(alert.sender).isEqualTo(SENDER);
        assertThat(alert.infos).extracting(info -> info.language).containsExactly("fr-FR", "en-GB");
        assertThat(alert.infos.getLast().headline).isEqualTo("Emergency numbers unreachable");
        assertThat(alert.infos.getFirst().eventCodes).extracting(code -> code.value).containsExactly("15", "18");
        assertThat(alert.infos.getFirst().areas.getFirst().geocodes.getFirst().value).isEqualTo("59");
    }

    @Test
    void theEnglishPageHasTheEnglishWordsAndFallsBackToFrenchWhereNoEnglishWasGiven() {
        Preview.Page page = preview(DECLARATION).languages().getLast().page();

        assertThat(page.heading()).isEqualTo("Nord (59): what to do now");
        assertThat(page.url()).isEqualTo(SITE + "/en/departements/59");
        assertThat(page.title()).isEqualTo("Emergency numbers unreachable");
        assertThat(page.instructions()).as("no English instructions: the French ones").isEqualTo("Appelez les numéros ci-dessous.");
        assertThat(page.numbers()).extracting(Preview.NumberLine::service)
                .containsExactly("SAMU — medical emergency (15)", "Fire brigade (18)", "Town hall");
        assertThat(page.services()).isEqualTo("SAMU — medical emergency (15), Fire brigade (18)");

        Preview.Page french = preview(DECLARATION).languages().getFirst().page();
        assertThat(french.heading()).isEqualTo("Nord (59) : que faire maintenant");
        assertThat(french.numbers()).extracting(Preview.NumberLine::national)
                .containsExactly("06 39 98 00 15", "06 39 98 00 18", "06 39 98 00 20");
    }

    @Test
    void anExerciseMakesNothingLiveAndItsCapSaysExercise() throws Exception {
        DeclareCommand exercise = new DeclareCommand(DECLARATION.template(), DECLARATION.title(),
                DECLARATION.description(), DECLARATION.instructions(), DECLARATION.services(), "department:59",
                Severity.SEVERE, true);
        Preview preview = preview(exercise);
        IncidentSnapshot incident = declared(IncidentMode.EXERCISE);

        assertThat(preview.exercise()).isTrue();
        assertThat(preview.numbers()).containsExactly(TOWN_HALL);
        String expected = SubscriberSms.declaration("Nord", incident.services(),
                SubscriberSms.declarationNumbers(incident, List.of(TOWN_HALL)), "fr",
                PostComposer.incidentLink(incident.id(), "fr", SITE));
        assertThat(preview.languages().getFirst().sms().text()).isEqualTo(expected).contains("injoignable. Numéros à appeler");
        assertThat(CapXml.parse(preview.cap().getBytes(StandardCharsets.UTF_8)).status).isEqualTo("Exercise");
    }

    /** The CAP 1.2 schema of reference, ../shared/reference/cap12.xsd from the repository root, else contracts' copy. */
    private static Path referenceXsd() throws Exception {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/reference/cap12.xsd");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Path copy = Files.createTempFile("cap12", ".xsd");
        try (var in = Optional.ofNullable(CapXml.class.getResourceAsStream("cap12.xsd")).orElseThrow()) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }
}
