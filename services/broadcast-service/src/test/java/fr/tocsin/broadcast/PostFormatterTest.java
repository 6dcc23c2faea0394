package fr.tocsin.broadcast;

import fr.tocsin.contracts.posts.Network;
import fr.tocsin.contracts.posts.Post;
import fr.tocsin.contracts.posts.PostFormatter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostFormatterTest {

    static final String LINK = "https://tocsin.example.gouv.fr/incidents/8a0c5a8e-6f0e-4b53-9a57-0d4c4e4bd2a1";

    @Test
    void aShortPostIsOnePartWithTheLinkAndHashtags() {
        List<String> parts = PostFormatter.parts(Network.X, new Post("⚠️ Le 17 ne répond plus", LINK, List.of("Tocsin", "Nord"), "fr"));
        assertThat(parts).containsExactly("⚠️ Le 17 ne répond plus\n\n" + LINK + "\n#Tocsin #Nord");
    }

    @Test
    void linksCountAs23OnXAndMastodonButInFullOnBluesky() {
        String text = "a " + LINK; // 2 + a 77-character link
        assertThat(PostFormatter.length(Network.X, text)).isEqualTo(25);
        assertThat(PostFormatter.length(Network.MASTODON, text)).isEqualTo(25);
        assertThat(PostFormatter.length(Network.BLUESKY, text)).isEqualTo(2 + LINK.length());
    }

    @Test
    void blueskyCountsGraphemesNotCodeUnits() {
        // A flag is two code points, four UTF-16 units, one grapheme; "é" written as e + combining accent is one.
        assertThat(PostFormatter.length(Network.BLUESKY, "🇫🇷e\u0301")).isEqualTo(2);
        assertThat(PostFormatter.length(Network.X, "🇫🇷")).isEqualTo(2);
    }

    @Test
    void aLongPostBecomesANumberedThreadEveryPartWithinTheLimitAndTheLinkFirst() {
        String text = ("Les numéros d’urgence 15, 17, 18 et 112 ne répondent plus dans le département depuis 18h00. "
                + "Appelez les numéros de secours de remplacement affichés sur la page de la préfecture. ").repeat(8);
        for (Network network : List.of(Network.X, Network.MASTODON, Network.BLUESKY)) {
            List<String> parts = PostFormatter.parts(network, new Post(text, LINK, List.of("Tocsin", "Nord"), "fr"));
            assertThat(parts).as(network.name()).hasSizeGreaterThan(1);
            for (int i = 0; i < parts.size(); i++) {
                assertThat(PostFormatter.length(network, parts.get(i))).as(network + " part " + i)
                        .isLessThanOrEqualTo(network.limit());
                assertThat(parts.get(i)).contains("(" + (i + 1) + "/" + parts.size() + ")");
            }
            assertThat(parts.getFirst()).contains(LINK).contains("#Tocsin #Nord");
            assertThat(parts.subList(1, parts.size())).noneMatch(p -> p.contains(LINK));
            // Nothing lost: the words of the text, in order, across the parts.
            String joined = String.join(" ", parts.stream().map(p -> p.replace("\n\n" + LINK + "\n#Tocsin #Nord", "")
                    .replaceAll(" \\(\\d+/\\d+\\)$", "")).toList());
            assertThat(joined.replaceAll("\\s+", " ")).isEqualTo(text.strip().replaceAll("\\s+", " "));
        }
    }

    @Test
    void facebookAndWebhooksAreNeverSplit() {
        String text = "x ".repeat(2_000);
        assertThat(PostFormatter.parts(Network.FACEBOOK, new Post(text, LINK, List.of(), "fr"))).hasSize(1);
        assertThat(PostFormatter.parts(Network.WEBHOOK, new Post(text, LINK, List.of(), "fr"))).hasSize(1);
    }
}
