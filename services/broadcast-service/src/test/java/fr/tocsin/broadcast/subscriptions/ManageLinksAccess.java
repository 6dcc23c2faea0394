package fr.tocsin.broadcast.subscriptions;

import io.quarkus.arc.Arc;

import java.time.Duration;
import java.time.Instant;

/** Tests outside this package make a management link as the service would send it. */
public final class ManageLinksAccess {

    private ManageLinksAccess() {
    }

    /** A link token for this destination, valid 10 minutes. */
    public static String token(String channel, String destination) {
        return Arc.container().instance(ManageLinks.class).get().token(Channel.valueOf(channel), destination,
                Instant.now().plus(Duration.ofMinutes(10)));
    }

    /** One that expired a second ago. */
    public static String expired(String channel, String destination) {
        return Arc.container().instance(ManageLinks.class).get().token(Channel.valueOf(channel), destination,
                Instant.now().minusSeconds(1));
    }
}
