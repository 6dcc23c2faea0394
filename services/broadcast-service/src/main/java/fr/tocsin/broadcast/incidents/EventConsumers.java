package fr.tocsin.broadcast.incidents;

import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.kit.messaging.RetryingConsumer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The incident and live-numbers topics ({@code fr.tocsin.contracts.Topics}), read by every replica in the one
 * consumer group {@code broadcast-service}: each event reaches one replica, in partition order. While the database is
 * down an event waits (and those after it) rather than being skipped; its offset is committed only once applied.
 */
@ApplicationScoped
public class EventConsumers {

    /** Channel bound to {@code Topics.INCIDENTS} (application.properties). */
    public static final String INCIDENTS = "incidents-in";
    /** Channel bound to {@code Topics.FALLBACK_NUMBERS} (application.properties). */
    public static final String LIVE_NUMBERS = "numbers-in";

    private static final RetryingConsumer.Site INCIDENT = RetryingConsumer.Site.of(EventConsumers.class, "an incident event");
    private static final RetryingConsumer.Site NUMBERS = RetryingConsumer.Site.of(EventConsumers.class, "a live-numbers event");

    @Inject
    IncidentFollower follower;

    @Inject
    RetryingConsumer retrying;

    @Incoming(INCIDENTS)
    @Blocking
    public void incident(String payload) {
        retrying.apply(INCIDENT, payload, IncidentEvent.class, follower::apply);
    }

    @Incoming(LIVE_NUMBERS)
    @Blocking
    public void liveNumbers(String payload) {
        retrying.apply(NUMBERS, payload, LiveNumbersEvent.class, follower::apply);
    }
}
