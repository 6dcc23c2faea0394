package fr.tocsin.broadcast;

import fr.tocsin.broadcast.incidents.EventConsumers;
import fr.tocsin.contracts.Topics;
import fr.tocsin.testsupport.TopicBindings;
import org.junit.jupiter.api.Test;

/** Topic names live in the contracts; application.properties must bind the channels to exactly those. */
class TopicBindingTest {

    @Test
    void channelsReadTheContractTopics() {
        TopicBindings.ofApplication()
                .reads(EventConsumers.INCIDENTS, Topics.INCIDENTS)
                .reads(EventConsumers.LIVE_NUMBERS, Topics.FALLBACK_NUMBERS);
    }
}
