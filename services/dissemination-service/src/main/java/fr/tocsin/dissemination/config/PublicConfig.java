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

    /**
     * Where citizens report an accessibility barrier (the RGAA statement's contact): an e-mail address or an
     * https:// form.
     */
    @WithDefault("accessibilite@tocsin.gouv.fr")
    String accessibilityContact();

    /** CAP {@code sender}: identifies Tocsin as the originator of the messages (no spaces, commas or '<&'). */
    String capSender();

    /**
     * Server-Sent Events streams one instance keeps open at most; beyond, 503 with Retry-After, so a flood of
     * idle subscribers cannot exhaust memory and file descriptors (pages and JSON keep answering).
     */
    @WithDefault("5000")
    int maxStreams();

    /**
     * Public requests one instance holds at once, served or waiting for a worker thread; beyond, 503 with
     * Retry-After at once rather than an ever longer queue. Well above what the worker pool serves concurrently
     * (cached pages take well under a millisecond), so only a flood reaches it.
     */
    @WithDefault("1000")
    int maxInFlight();

    /**
     * Origins allowed to frame the widget pages (CSP {@code frame-ancestors}), such as a prefecture's site
     * {@code https://www.nord.gouv.fr}. No other page may be framed, and none at all when this is empty.
     */
    Optional<List<@Pattern(regexp = "https://[a-z0-9.-]+(:[0-9]+)?") String>> widgetEmbedders();

    /**
     * The public root of the subscription pages (broadcast-service's {@code /abonnement}), where the subscription form
     * of the national, department and commune pages posts: the public host in production (the ingress routes the
     * subscription paths to broadcast-service), broadcast-service itself locally. This tier keeps no subscriber data:
     * it only carries the form. Without it the pages carry no form.
     */
    Optional<@Pattern(regexp = "https?://[A-Za-z0-9.-]+(:[0-9]+)?") String> subscriptionsUrl();

    /**
     * How far back {@code /api/v1/notices?since=} answers with changes (ended incidents and withdrawn numbers
     * included); an older {@code since} gets the whole state instead ({@code "full": true}).
     */
    @WithDefault("P7D")
    java.time.Duration changesRetention();

    /**
     * How much earlier than {@code since} changes are repeated: covers clock skew between instances and one
     * instance applying an event a little after another that issued the cursor.
     */
    @WithDefault("PT1M")
    java.time.Duration sinceOverlap();
}
