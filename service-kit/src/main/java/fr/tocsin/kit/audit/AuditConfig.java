package fr.tocsin.kit.audit;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "tocsin.audit")
public interface AuditConfig {

    /**
     * Base64 HMAC key (at least 32 bytes) chaining the audit records. Kept outside the database (a Kubernetes
     * Secret), so someone who can write the table cannot recompute the chain after changing it.
     */
    String key();
}
