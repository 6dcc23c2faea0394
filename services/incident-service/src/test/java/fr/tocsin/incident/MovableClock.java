package fr.tocsin.incident;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The service's clock in tests: the system clock, shifted by what a test asks. Time keeps flowing after a move
 * (changes still come in order); {@link #reset} after each test that moves it.
 */
@Alternative
@Priority(1)
@Singleton
public class MovableClock implements InstantSource {

    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** From now on, the clock reads {@code at} (and goes on from there). */
    public void moveTo(Instant at) {
        offset = Duration.between(Instant.now(), at);
    }

    public void reset() {
        offset = Duration.ZERO;
    }
}
