package fr.tocsin.broadcast.delivery;

import fr.tocsin.contracts.posts.Network;
import fr.tocsin.contracts.posts.Post;
import fr.tocsin.contracts.posts.PostComposer;
import fr.tocsin.contracts.posts.PostFormatter;
import fr.tocsin.contracts.posts.PostKind;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Pays at start, off the readiness path, what the first incident after a start would otherwise pay before its first
 * post (about a second, bench/results/profile-activation-fanout.md): Jackson building the events' deserializers, and
 * loading and linking the classes that compose and cut posts. An exercise in a sample JSON event, nothing stored or sent.
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    /** An event as incident-service publishes it (contracts' JSON), for the fictitious prefecture of a test page. */
    static final String SAMPLE_EVENT = """
            {"schemaVersion":1,"eventId":"00000000-0000-4000-8000-000000000001","type":"DECLARED",
             "occurredAt":"2026-01-01T18:00:00Z","incident":{"id":"00000000-0000-4000-8000-000000000002",
             "reference":"WARM-UP","version":1,"status":"ACTIVE","mode":"EXERCISE","category":"emergency-numbers",
             "title":{"fr":"Numéros d'urgence injoignables","en":"Emergency numbers unreachable"},
             "description":{"fr":"Exercice","en":"Exercise"},"services":["15","17","18","112"],
             "territories":["department:59"],"severity":"EXTREME","urgency":"IMMEDIATE","certainty":"OBSERVED",
             "authority":"Préfecture du Nord","declaredAt":"2026-01-01T18:00:00Z","publishedAt":"2026-01-01T18:00:00Z",
             "updatedAt":"2026-01-01T18:00:00Z","timeline":[]}}""";

    @ConfigProperty(name = "tocsin.public.base-url")
    String baseUrl;

    void onStart(@Observes StartupEvent start) {
        Thread.ofVirtual().name("delivery-warm-up").start(() -> {
            try {
                LOG.debugf("Warm-up: %d post parts composed", run(baseUrl));
            } catch (RuntimeException e) {
                LOG.warnf("Warm-up failed (the first incident will pay its first use): %s", e.getClass().getSimpleName());
            }
        });
    }

    /** Reads the sample event and composes its posts in each kind, language and network; the parts composed. */
    static int run(String baseUrl) {
        IncidentEvent event = EventJson.read(SAMPLE_EVENT, IncidentEvent.class);
        EventJson.write(event);
        int parts = 0;
        for (PostKind kind : PostKind.values()) {
            for (String language : new String[] {"fr", "en"}) {
                Post post = PostComposer.incident(event.incident(), kind, language, baseUrl);
                for (Network network : Network.values()) {
                    parts += PostFormatter.parts(network, post).size();
                }
            }
        }
        return parts;
    }
}
