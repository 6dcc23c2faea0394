package fr.tocsin.kit.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/**
 * Per-client limits of a service's authority endpoints, per replica ({@code tocsin.rate-limit.*}); the ingress limits
 * floods by address before that. The public side is not limited per address: citizens behind one carrier NAT share
 * it; it is bounded instead (streams, bodies, caches).
 */
@ConfigMapping(prefix = "tocsin.rate-limit")
public interface RateLimitConfig {

    /** Sustained requests per minute for one client (token subject, or address without a valid token). */
    @WithDefault("120")
    int requestsPerMinute();

    /** Requests a client may send at once after a quiet period. */
    @WithDefault("60")
    int burst();

    /** Path prefixes the limit applies to (dissemination-service: its authority endpoints only). */
    @WithDefault("/api/")
    List<String> paths();
}
