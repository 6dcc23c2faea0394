package fr.tocsin.dissemination.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-client limits of the authority endpoints (social accounts, deliveries), per replica. The public side is not
 * limited per address: citizens behind one carrier NAT share it; it is bounded instead (streams, bodies, caches).
 */
@ConfigMapping(prefix = "tocsin.rate-limit")
public interface RateLimitConfig {

    /** Sustained requests per minute for one client (token subject, or address without a valid token). */
    @WithDefault("120")
    int requestsPerMinute();

    /** Requests a client may send at once after a quiet period. */
    @WithDefault("60")
    int burst();
}
