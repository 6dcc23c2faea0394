package fr.tocsin.kit.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Verifies the service's audit chain on a schedule ({@code tocsin.audit.verification.interval}, 5 minutes by
 * default, off in tests) and says so as metrics: {@code tocsin_audit_chain_valid} (1 the chain verifies, 0 it is
 * broken) and {@code tocsin_audit_chain_verified_timestamp_seconds} (when the last verification ended, in seconds
 * since the epoch; it stops moving while the database cannot be read). Both are NaN until the first verification.
 * Every replica verifies the same chain: cheap (a page of records at a time), and no replica depends on another.
 */
@Singleton
@Startup
public class AuditChainMonitor {

    private static final Logger LOG = Logger.getLogger(AuditChainMonitor.class);

    private final AuditTrail trail;
    private volatile double valid = Double.NaN;
    private volatile double verifiedAt = Double.NaN;

    AuditChainMonitor(AuditTrail trail, MeterRegistry registry, AuditVerificationConfig config) {
        this.trail = trail;
        LOG.debugf("Audit chain verified every %s", config.interval());
        // A gauge left by an earlier application in this JVM (Quarkus tests restart it; Micrometer's global registry
        // outlives it) would keep reading that application's object: replace it.
        registry.find("tocsin.audit.chain.valid").gauges().forEach(registry::remove);
        registry.find("tocsin.audit.chain.verified.timestamp").gauges().forEach(registry::remove);
        Gauge.builder("tocsin.audit.chain.valid", this, monitor -> monitor.valid).strongReference(true)
                .description("1 when the audit chain verified at the last verification, 0 when it is broken")
                .register(registry);
        Gauge.builder("tocsin.audit.chain.verified.timestamp", this, monitor -> monitor.verifiedAt).strongReference(true)
                .baseUnit("seconds").description("When the audit chain was last verified (epoch seconds)")
                .register(registry);
    }

    @Scheduled(identity = "audit-chain-verification", every = "${tocsin.audit.verification.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            verify();
        } catch (RuntimeException e) {
            // Database away: the timestamp stops moving, which is what the staleness alert watches.
            LOG.warnf("Audit chain not verified: %s", e.getClass().getName());
        }
    }

    /** Verifies the whole chain now and publishes the result. */
    public AuditChain.Verification verify() {
        AuditChain.Verification result = trail.verify();
        valid = result.intact() ? 1 : 0;
        verifiedAt = Instant.now().toEpochMilli() / 1000.0;
        if (!result.intact()) {
            LOG.errorf("Audit chain broken at record %s: %s", result.firstBroken() == null ? "?" : result.firstBroken().id(),
                    result.firstBroken() == null ? "?" : result.firstBroken().reason());
        }
        return result;
    }
}
