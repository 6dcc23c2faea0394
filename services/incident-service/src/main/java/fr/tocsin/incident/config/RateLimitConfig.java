package fr.tocsin.incident.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-client limits of the authority API, per replica; the ingress limits floods by address before that. */
@ConfigMapping(prefix = "tocsin.rate-limit")
public interface RateLimitConfig {

    /** Sustained requests per minute for one client (token subject, or address without a valid token). */
    @WithDefault("120")
    int requestsPerMinute();

    /** Requests a client may send at once after a quiet period. */
    @WithDefault("60")
    int burst();
}
