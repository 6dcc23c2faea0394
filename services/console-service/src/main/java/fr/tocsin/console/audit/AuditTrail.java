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
 * The audit trails of the person's territories — incident-service's, fallback-service's, broadcast-service's — and the
 * verification of each one's hash chain, as each API lets this person read them.
 */
@ApplicationScoped
@TemplateData(target = AuditApi.Entry.class)
@TemplateData(target = AuditApi.Verification.class)
@TemplateData(target = AuditApi.BrokenLink.class)
public class AuditTrail {

    public static final int PAGE_SIZE = 50;

    @Inject
    @RestClient
    AuditApi.Incidents incidents;

    @Inject
    @RestClient
    AuditApi.Numbers numbers;

    @Inject
    @RestClient
    AuditApi.Deliveries deliveries;

    private AuditApi of(AuditSource source) {
        return switch (source) {
            case INCIDENTS -> incidents;
            case NUMBERS -> numbers;
            case DELIVERIES -> deliveries;
        };
    }

    /** One page of a trail's records, newest first; of one target (an incident, a number…) when {@code target} is given. */
    public List<AuditApi.Entry> page(AuditSource source, String target, int page) {
        AuditApi api = of(source);
        return call(() -> api.records(target == null || target.isBlank() ? null : target.strip(), Math.max(page, 0),
                PAGE_SIZE)).records();
    }

    /** The chain's verification; the API's refusal (only the ministry verifies) is kept to be shown as it said it. */
    @TemplateData
    public record Check(AuditApi.Verification report, Refusal refusal) {
    }

    public Check verify(AuditSource source) {
        AuditApi api = of(source);
        try {
            return new Check(call(api::verify), null);
        } catch (Refusal refusal) {
            return new Check(null, refusal);
        }
    }
}
