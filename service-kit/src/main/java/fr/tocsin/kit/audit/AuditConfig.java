package fr.tocsin.kit.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * The audit chain's keys. One links new records (the current key); during a rotation a pod may also know the next
 * key (announced before the switch, so pods that have not switched yet follow a chain that already moved to it)
 * and the retired keys (which only verify the records they linked). Every record stores the id of its key.
 */
@ConfigMapping(prefix = "tocsin.audit")
public interface AuditConfig {

    /**
     * Base64 HMAC key (at least 32 bytes) chaining the audit records. Kept outside the database (a Kubernetes
     * Secret), so someone who can write the table cannot recompute the chain after changing it.
     */
    String key();

    /**
     * Id of {@link #key()}, stored with every record it links (letters, digits, {@code . _ -}). Records written
     * before keys had ids carry {@code default}.
     */
    @WithDefault("default")
    String keyId();

    /**
     * The key that will become current at the next rotation, as {@code id:base64}: verifies the records it linked,
     * and links new ones only once the chain has moved to it (another pod already switched). Never the first to use it.
     */
    Optional<String> nextKey();

    /**
     * Former keys as {@code id:base64}, oldest first: they verify the records they linked, never link a new one,
     * and a record linked with one after the chain moved to a later key is a break.
     */
    Optional<List<String>> retiredKeys();
}
