package fr.tocsin.dissemination;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.cap.CapAlert;
import fr.tocsin.contracts.cap.CapSignature;
import fr.tocsin.contracts.cap.CapXml;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentEventType;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.testsupport.Incidents;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

/** Feeds and CAP are checked the way their consumers read them: Rome parses the feeds, the OASIS schema the CAP. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class FeedsTest {

    private static final String HOSTILE = "<script>alert('x')</script> Urgences & co";

    @Test
    void atomAndRssCarryTheIncidentWithItsTitleAsText() throws Exception {
        UUID id = UUID.randomUUID();
        publish(withEnglish(Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, HOSTILE, List.of("15"), "department:59")));
        for (String path : List.of("/feeds/incidents.atom?territory=59", "/feeds/incidents.rss?territory=59")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(entry(feed(path), id)).isNotNull());
            SyndEntry entry = entry(feed(path), id);
            assertThat(entry.getTitle()).isEqualTo(HOSTILE);
            assertThat(given().get(path).then().extract().asString()).doesNotContain("<script>");
        }
        given().get("/feeds/incidents.atom").then().contentType(startsWith("application/atom+xml"));
        given().get("/feeds/incidents.rss").then().contentType(startsWith("application/rss+xml"));
        assertThat(entry(feed("/feeds/incidents.atom?territory=14"), id)).isNull();
    }

    /**
     * Read by the rules of RFC 4287 and RSS 2.0 with the JDK's XML parser, not Rome: every entry opens the incident's
     * own page, in the feed's language (issue #16, point 2).
     */
    @Test
    void entriesLinkToTheIncidentsPageInFrenchAndEnglishFeeds() {
        UUID id = UUID.randomUUID();
        publish(withEnglish(Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Le 15 ne répond plus dans l’Orne",
                List.of("15"), "department:61")));
        String base = "http://127.0.0.1:8080";
        Map<String, String> expected = Map.of(
                "/feeds/incidents.atom?territory=61", base + "/incidents/" + id,
                "/feeds/incidents.rss?territory=61", base + "/incidents/" + id,
                "/en/feeds/incidents.atom?territory=61", base + "/en/incidents/" + id,
                "/en/feeds/incidents.rss", base + "/en/incidents/" + id);
        expected.forEach((path, link) -> await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String xml = given().get(path).then().statusCode(200).extract().asString();
            FeedRules.Read read = path.contains(".atom") ? FeedRules.atom(xml) : FeedRules.rss(xml);
            assertThat(read.violations()).as(path).isEmpty();
            assertThat(read.links()).as(path).containsEntry("urn:uuid:" + id, link);
            assertThat(read.links().values()).as(path + ": no entry links to the home page")
                    .allSatisfy(href -> assertThat(href).contains("/incidents/"));
            if (path.startsWith("/en/")) {
                assertThat(read.title()).startsWith("Tocsin — public service outages");
                assertThat(xml).contains("Emergency numbers down");
            } else {
                assertThat(read.title()).startsWith("Tocsin — pannes des services publics");
                assertThat(xml).contains("Le 15 ne répond plus dans l’Orne");
            }
        }));
        assertThat(FeedRules.rss(given().get("/en/feeds/incidents.rss").then().extract().asString()).language()).isEqualTo("en");
        given().get("/en/feeds/incidents.atom").then().statusCode(200).contentType(startsWith("application/atom+xml"));
        given().get("/en/feeds/incidents.rss?territory=00").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void capIsAlertThenUpdateWithReferencesValidAgainstTheOasisSchema() {
        UUID id = UUID.randomUUID();
        publish(withEnglish(Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, HOSTILE, List.of("15", "112"), "department:59")));
        CapAlert alert = awaitCap(id, "Alert");
        assertThat(alert.status).isEqualTo("Actual");
        assertThat(alert.references).isNull();
        assertThat(alert.infos).extracting(i -> i.language).containsExactly("fr-FR", "en-GB");
        assertThat(alert.infos.getFirst().headline).isEqualTo(HOSTILE);
        assertThat(alert.infos.getFirst().eventCodes).extracting(c -> c.value).containsExactly("15", "112");
        assertThat(alert.infos.getFirst().areas.getFirst().geocodes.getFirst().valueName).isEqualTo("INSEE");
        assertThat(alert.infos.getFirst().areas.getFirst().geocodes.getFirst().value).isEqualTo("59");
        assertThat(alert.infos.getFirst().areas.getFirst().areaDesc).isEqualTo("Nord");

        publish(withEnglish(Incidents.snapshot(id, 2, IncidentStatus.RESOLVED, HOSTILE, List.of("15", "112"), "department:59")));
        CapAlert update = awaitCap(id, "Update");
        assertThat(update.referencedMessages()).singleElement()
                .satisfies(ref -> assertThat(ref.identifier()).isEqualTo(alert.identifier));
        assertThat(update.infos.getFirst().urgency).isEqualTo("Past");
        assertThat(update.infos.getFirst().responseTypes).containsExactly("AllClear");
    }

    @Test
    void exercisesAreMarkedAndCancelsReferenceTheAlert() throws Exception {
        UUID id = UUID.randomUUID();
        publish(Incidents.snapshot(IncidentMode.EXERCISE, id, 1, IncidentStatus.ACTIVE, "Exercice national", List.of("18"), "FR"));
        CapAlert exercise = awaitCap(id, "Alert");
        assertThat(exercise.status).isEqualTo("Exercise");
        assertThat(exercise.infos.getFirst().areas.getFirst().geocodes.getFirst().valueName).isEqualTo("ISO3166-1");
        publish(Incidents.snapshot(IncidentMode.EXERCISE, id, 2, IncidentStatus.CANCELLED, "Exercice national", List.of("18"), "FR"));
        CapAlert cancel = awaitCap(id, "Cancel");
        assertThat(cancel.referencedMessages()).extracting(r -> r.identifier()).containsExactly(exercise.identifier);
        // Exercises never reach the public feeds, but the CAP index lists them, marked as such in the CAP itself.
        assertThat(entry(feed("/feeds/incidents.atom"), id)).isNull();
        SyndEntry indexed = entry(feed("/feeds/cap.atom"), id);
        assertThat(indexed.getLinks()).anySatisfy(link -> {
            assertThat(link.getType()).isEqualTo("application/cap+xml");
            assertThat(link.getHref()).endsWith("/cap/" + id + ".xml");
        });
        given().get("/cap/" + UUID.randomUUID() + ".xml").then().statusCode(404);
    }

    @Test
    void capAlertsCarryAnEnvelopedSignatureThatAnyChangeBreaks() {
        UUID id = UUID.randomUUID();
        publish(Incidents.snapshot(id, 1, IncidentStatus.ACTIVE, "Panne du 112", List.of("112"), "department:62"));
        awaitCap(id, "Alert");
        String xml = given().get("/cap/" + id + ".xml").then().extract().asString();
        PublicKey trusted = TestStack.get().capSigningKeys().publicKey();
        // A fake alert reusing a real one: other numbers, same signature.
        String forged = xml.replace("Panne du 112", "Panne du 112 : appelez le 0899 000 000");
        assertThat(forged).isNotEqualTo(xml);
        assertThat(CapSignature.verify(forged, trusted)).isFalse();
        assertThat(CapSignature.verify(xml.replace("<status>Actual</status>", "<status>Test</status>"), trusted)).isFalse();
        // The key the site publishes is the one that verifies.
        String published = given().get("/cap/signing-key.pem").then().statusCode(200).extract().asString();
        assertThat(published.replaceAll("-----[A-Z ]+-----|\\s", ""))
                .isEqualTo(Base64.getEncoder().encodeToString(trusted.getEncoded()));
        // The signature names its key; the published sets (one key here: no rotation configured) carry that id.
        String keyName = CapSignature.keyName(xml).orElseThrow();
        assertThat(given().get("/cap/signing-keys.jwks").then().statusCode(200)
                .contentType(startsWith("application/jwk-set+json")).extract().<List<String>>path("keys.kid")).containsExactly(keyName);
        assertThat(given().get("/cap/signing-keys.pem").then().statusCode(200).extract().asString())
                .startsWith("Key-Id: " + keyName + "\nStatus: current\n").contains(published.strip());
    }

    private static CapAlert awaitCap(UUID id, String msgType) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var response = given().get("/cap/" + id + ".xml").then().extract();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(CapXml.parse(response.asByteArray()).msgType).isEqualTo(msgType);
        });
        String xml = given().get("/cap/" + id + ".xml").then().contentType(startsWith("application/cap+xml"))
                .extract().asString();
        CapXml.validate(xml);
        assertThat(CapSignature.verify(xml, TestStack.get().capSigningKeys().publicKey())).as("signed by Tocsin's key").isTrue();
        assertThat(xml).doesNotContain("<script>").doesNotContain("Z</sent>");
        return CapXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static SyndFeed feed(String path) throws Exception {
        String xml = given().get(path).then().statusCode(200).extract().asString();
        return new SyndFeedInput().build(new StringReader(xml));
    }

    private static SyndEntry entry(SyndFeed feed, UUID id) {
        return feed.getEntries().stream().filter(e -> ("urn:uuid:" + id).equals(e.getUri())).findFirst().orElse(null);
    }

    private static IncidentSnapshot withEnglish(IncidentSnapshot s) {
        return new IncidentSnapshot(s.id(), s.reference(), s.version(), s.status(), s.mode(), s.category(),
                new LocalizedText(s.title().fr(), "Emergency numbers down"), s.description(), s.instructions(),
                s.services(), s.territories(), s.severity(), s.urgency(), s.certainty(), s.authority(), s.detectedAt(),
                s.declaredAt(), s.publishedAt(), s.expectedEndAt(), s.resolvedAt(), s.updatedAt(), s.timeline());
    }

    private static void publish(IncidentSnapshot snapshot) {
        IncidentEvent event = IncidentEvent.of(IncidentEventType.UPDATED, snapshot, Instant.now());
        TopicWriter.send(Topics.INCIDENTS, 0, event.key(), EventJson.write(event));
    }
}
