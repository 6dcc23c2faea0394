package fr.tocsin.dissemination.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Pattern;

import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "tocsin.public")
public interface PublicConfig {

    /** Where citizens reach the public site; feeds and CAP link there. */
    String baseUrl();

    /** CAP {@code sender}: identifies Tocsin as the originator of the messages (no spaces, commas or '<&'). */
    String capSender();

    /**
     * Origins allowed to frame the widget pages (CSP {@code frame-ancestors}), such as a prefecture's site
     * {@code https://www.nord.gouv.fr}. No other page may be framed, and none at all when this is empty.
     */
    /**
     * Server-Sent Events streams one instance keeps open at most; beyond, 503 with Retry-After, so a flood of
     * idle subscribers cannot exhaust memory and file descriptors (pages and JSON keep answering).
     */
    @WithDefault("5000")
    int maxStreams();

    Optional<List<@Pattern(regexp = "https://[a-z0-9.-]+(:[0-9]+)?") String>> widgetEmbedders();
}
