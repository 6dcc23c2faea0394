package fr.tocsin.console.incidents;

import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.sms.Gsm7;
import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * What a declaration will put before the public once released, shown before it is sent: the department page's
 * words, the numbers to call that it will make live, and the short texts (SMS, posts) with their lengths.
 *
 * @param territoryName the territory as citizens read it ("Nord (59)")
 * @param numbers       the standby numbers of the declared services in that territory, which go live with it
 * @param shortText     the text of an SMS or a post: title, territory, what to do, the numbers and the page
 */
@TemplateData
public record Preview(DeclareCommand declaration, String authority, String territoryName, List<String> numbers,
                      String pageUrl, String shortText, boolean needsApproval) {

    /** Characters of the short text (what Mastodon, Bluesky and X count, links aside). */
    public int length() {
        return shortText.codePointCount(0, shortText.length());
    }

    /** SMS parts: GSM-7 160 (153 each when split), UCS-2 70 (67) when a character needs it. */
    public int smsSegments() {
        return Gsm7.segments(shortText);
    }

    public boolean gsm7() {
        return Gsm7.canEncode(shortText);
    }

    /** Each network's limit and how many posts the short text takes there. */
    public List<Limit> limits() {
        return List.of(new Limit("X", 280), new Limit("Bluesky", 300), new Limit("Mastodon", 500))
                .stream().map(l -> new Limit(l.network(), l.characters(), (length() + l.characters() - 1) / l.characters()))
                .toList();
    }

    @TemplateData
    public record Limit(String network, int characters, int posts) {
        Limit(String network, int characters) {
            this(network, characters, 1);
        }
    }

    static String text(LocalizedText text) {
        return text == null || text.fr() == null ? "" : text.fr().strip();
    }
}
