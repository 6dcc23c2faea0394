package fr.tocsin.kit.audit;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "tocsin.audit.verification")
public interface AuditVerificationConfig {

    /**
     * How often {@link AuditChainMonitor} verifies the chain (a Quarkus scheduler period such as {@code 5m};
     * {@code off} never). Set in this kit's {@code META-INF/microprofile-config.properties}: 5 minutes, off in tests.
     */
    String interval();
}
