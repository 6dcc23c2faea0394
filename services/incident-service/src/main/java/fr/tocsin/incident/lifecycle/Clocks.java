package fr.tocsin.incident.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.InstantSource;

/**
 * The one clock of the service, injected wherever "now" decides something (a change's time, whether planned works
 * are due), so a test can replace it with one it moves (an {@code @Alternative} {@link InstantSource}) and see
 * 02:00 and 04:00 come without waiting for them.
 */
@ApplicationScoped
public class Clocks {

    @Produces
    @Singleton
    InstantSource clock() {
        return Clock.systemUTC();
    }
}
