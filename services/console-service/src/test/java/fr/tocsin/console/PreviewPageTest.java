package fr.tocsin.console;

import fr.tocsin.console.incidents.Preview;
import fr.tocsin.contracts.cap.CapAlert;
import fr.tocsin.contracts.cap.CapComposer;
import fr.tocsin.contracts.cap.CapXml;
import fr.tocsin.contracts.fallback.LiveNumber;
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
import fr.tocsin.contracts.sms.SubscriberSms;
import fr.tocsin.contracts.territory.TerritoryRef;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview page as agent A of Nord sees it: in French and English, the SMS, each network's posts and the CAP message
 * (escaped, in a pre) are those the shared composers write for the declaration, with the standby number the directory
 * answered going live; the CAP on the page validates.
 */
@QuarkusTest
@WithTestResource(SignInStack.class)
class PreviewPageTest {

    @TestHTTPResource("/declarer")
    URI declare;

    @ConfigProperty(name = "tocsin.console.public-site")
    String site;

    @ConfigProperty(name = "tocsin.console.cap-sender", defaultValue = "alertes@tocsin.gouv.fr")
    String sender;

    @Test
    void thePreviewShowsInBothLanguagesWhatWillGoOut() throws Exception {
        Browser a = new Browser();
        HttpResponse<String> form = a.signIn(declare, "agent-a-nord", CsrfTest.AGENT_A);
        HttpResponse<String> page = a.post(declare, Browser.form("csrf-token", Browser.csrfToken(form.body()),
                "action", "apercu", "cle", "k-" + System.nanoTime(), "territoire", "department:59", "services", "15",
                "titre_fr", "Le 15 ne répond plus", "titre_en", "15 does not answer",
                "description_fr", "Le SAMU est injoignable au 15 <depuis 18 h> & plus.",
                "description_en", "The SAMU cannot be reached on 15.", "consignes_fr", "Appelez le numéro ci-dessous.",
                "gravite", "SEVERE"));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String html = page.body();

        String cap = unescape(only(html, "<pre class=\"tocsin-cap\" id=\"cap\" tabindex=\"0\">(.*?)</pre>"));
        CapXml.validate(cap);
        CapAlert alert = CapXml.parse(cap.getBytes(StandardCharsets.UTF_8));
        IncidentSnapshot incident = incident(alert.sent.toInstant());
        assertThat(cap).isEqualTo(CapXml.write(CapComposer.alert(incident, List.of(), sender, site)));
        // Escaped: the XML shows as text, a description's markup never becomes the page's.
        assertThat(html).contains("&lt;alert", "&lt;depuis 18 h&gt; &amp; plus").doesNotContain("<depuis", "<alert");

        LiveNumber samu = new LiveNumber("15", 1, "+33639980015", "06 39 98 00 15", "SAMU du Nord", null,
                List.of(Preview.PLACEHOLDER_ID));
        for (String language : List.of("fr", "en")) {
            String sms = unescape(only(html, "id=\"sms-" + language + "\"[^>]*>(.*?)</p>"));
            assertThat(sms).isEqualTo(SubscriberSms.declaration("Nord", List.of("15"), List.of(samu), language,
                    PostComposer.incidentLink(Preview.PLACEHOLDER_ID, language, site)));
            assertThat(only(html, "id=\"sms-parts-" + language + "\">(.*?)</p>")).startsWith("1 SMS, alphabet GSM 7 bits");
            for (Network network : Preview.NETWORKS) {
                String name = network.displayName();
                List<String> parts = PostFormatter.parts(network, PostComposer.incident(incident, PostKind.DECLARED,
                        language, site));
                assertThat(posts(html, "incident-" + language + "-" + name)).as(language + " " + name).isEqualTo(parts);
                assertThat(html).contains(PostFormatter.length(network, parts.getFirst()) + " / " + network.limit()
                        + " caractères");
            }
        }
        assertThat(only(html, "id=\"page-en\">(.*?)</div>")).contains("Nord (59): what to do now",
                "SAMU — medical emergency (15)", "06 39 98 00 15", "15 does not answer");
        assertThat(only(html, "id=\"page-fr\">(.*?)</div>")).contains("Nord (59) : que faire maintenant",
                "SAMU — urgence médicale (15)", "Le 15 ne répond plus");
    }

    private IncidentSnapshot incident(Instant sent) {
        return new IncidentSnapshot(Preview.PLACEHOLDER_ID, "INC-" + sent.toString().substring(0, 4) + "-XXXXXX", 1,
                IncidentStatus.ACTIVE, IncidentMode.ACTUAL, null,
                new LocalizedText("Le 15 ne répond plus", "15 does not answer"),
                new LocalizedText("Le SAMU est injoignable au 15 <depuis 18 h> & plus.", "The SAMU cannot be reached on 15."),
                new LocalizedText("Appelez le numéro ci-dessous.", null), List.of("15"),
                List.of(TerritoryRef.department("59")), Severity.SEVERE, Urgency.IMMEDIATE, Certainty.OBSERVED,
                "Préfecture du Nord", null, sent, sent, null, null, sent,
                List.of(new TimelineEntry(sent, "Agent A (Préfecture du Nord)",
                        new LocalizedText("Incident déclaré", "Incident declared"), IncidentStatus.ACTIVE)));
    }

    /** The posts shown under a network's heading, unescaped. */
    private static List<String> posts(String html, String id) {
        String list = only(html, "id=\"" + id + "\".*?<ol class=\"tocsin-posts\">(.*?)</ol>");
        Matcher part = Pattern.compile("<p class=\"tocsin-short\" lang=\"[a-z]+\">(.*?)</p>", Pattern.DOTALL).matcher(list);
        List<String> parts = new ArrayList<>();
        while (part.find()) {
            parts.add(unescape(part.group(1)));
        }
        return parts;
    }

    private static String only(String html, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as(regex + " in\n" + html).isTrue();
        return m.group(1);
    }

    /** Undoes Qute's HTML escaping. */
    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
