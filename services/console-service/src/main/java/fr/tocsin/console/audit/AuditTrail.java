package fr.tocsin.console.audit;

import fr.tocsin.console.apis.Refusal;
import fr.tocsin.console.audit.client.AuditApi;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

import static fr.tocsin.console.apis.Apis.call;

/**
 * The audit trail of the person's territories (incident-service's: declarations, approvals, changes, ends), and the
 * verification of its hash chain, both as the API lets this person read them.
 */
@ApplicationScoped
@TemplateData(target = AuditApi.Entry.class)
@TemplateData(target = AuditApi.Verification.class)
@TemplateData(target = AuditApi.BrokenLink.class)
public class AuditTrail {

    public static final int PAGE_SIZE = 50;

    @Inject
    @RestClient
    AuditApi audit;

    /** One page of records, newest first; of one incident when {@code target} is given. */
    public List<AuditApi.Entry> page(String target, int page) {
        return call(() -> audit.records(target == null || target.isBlank() ? null : target.strip(), Math.max(page, 0),
                PAGE_SIZE)).records();
    }

    /** The chain's verification; the API's refusal (only the ministry verifies) is kept to be shown as it said it. */
    @TemplateData
    public record Check(AuditApi.Verification report, Refusal refusal) {
    }

    public Check verify() {
        try {
            return new Check(call(() -> audit.verify()), null);
        } catch (Refusal refusal) {
            return new Check(null, refusal);
        }
    }
}
