package fr.tocsin.broadcast.delivery;

import fr.tocsin.broadcast.delivery.persistence.DeliveryKind;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery id is the networks' Idempotency-Key: planning the same delivery again must give the same key. */
class DeliveryIdTest {

    private static final UUID ACCOUNT = UUID.fromString("3f1d2c4b-5a69-4e7f-8a9b-0c1d2e3f4a5b");

    @Test
    void theSameDeliveryHasTheSameIdAndAnyDifferenceChangesIt() {
        UUID id = DeliveryPlanner.deliveryId(ACCOUNT, "incident-1", 3, DeliveryKind.UPDATED);
        assertThat(DeliveryPlanner.deliveryId(ACCOUNT, "incident-1", 3, DeliveryKind.UPDATED)).isEqualTo(id);
        assertThat(DeliveryPlanner.deliveryId(ACCOUNT, "incident-1", 4, DeliveryKind.UPDATED)).isNotEqualTo(id);
        assertThat(DeliveryPlanner.deliveryId(ACCOUNT, "incident-1", 3, DeliveryKind.ENDED)).isNotEqualTo(id);
        assertThat(DeliveryPlanner.deliveryId(ACCOUNT, "incident-2", 3, DeliveryKind.UPDATED)).isNotEqualTo(id);
        assertThat(DeliveryPlanner.deliveryId(UUID.randomUUID(), "incident-1", 3, DeliveryKind.UPDATED)).isNotEqualTo(id);
    }

    /**
     * Pinned: keys already sent to the networks must stay the same across releases, or a delivery re-planned after
     * an upgrade would be posted twice. Computed outside Java (Python: MD5 of
     * "3f1d2c4b-5a69-4e7f-8a9b-0c1d2e3f4a5b|incident-1|3|UPDATED", then the RFC 4122 version 3 and variant bits).
     */
    @Test
    void theIdOfAKnownDeliveryIsPinned() {
        assertThat(DeliveryPlanner.deliveryId(ACCOUNT, "incident-1", 3, DeliveryKind.UPDATED))
                .isEqualTo(UUID.fromString("6e2da806-b138-382d-9a74-cac94a049466"));
    }
}
