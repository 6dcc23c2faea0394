package fr.tocsin.broadcast.delivery;

import fr.tocsin.contracts.posts.Network;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpTest {

    @Test
    void theSampleEventStillReadsAsTheContractSaysAndComposesEveryPost() {
        IncidentEvent event = EventJson.read(WarmUp.SAMPLE_EVENT, IncidentEvent.class);
        // A field renamed in the contract would leave it null here and the warm-up composing less than it should.
        assertThat(event.incident().isReleased()).isTrue();
        assertThat(event.incident().title().fr()).isNotBlank();
        assertThat(event.incident().territories()).hasSize(1);
        assertThat(WarmUp.run("https://alertes.example.fr")).isGreaterThanOrEqualTo(3 * 2 * Network.values().length);
    }
}
