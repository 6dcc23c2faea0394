package fr.tocsin.broadcast.subscriptions;

import io.quarkus.arc.Arc;

import java.time.Instant;

/** Tests outside this package run the purge of never-confirmed subscriptions now. */
public final class PurgeAccess {

    private PurgeAccess() {
    }

    public static int purgeNow() {
        return Arc.container().instance(UnconfirmedPurge.class).get().purge(Instant.now());
    }
}
