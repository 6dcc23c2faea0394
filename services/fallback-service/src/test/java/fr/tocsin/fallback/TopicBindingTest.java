package fr.tocsin.fallback;

import fr.tocsin.contracts.Topics;
import fr.tocsin.fallback.activation.Channels;
import fr.tocsin.testsupport.TopicBindings;
import org.junit.jupiter.api.Test;

/** Topic names live in the contracts; application.properties must bind the channels to exactly those. */
class TopicBindingTest {

    @Test
    void channelsUseTheContractTopics() {
        TopicBindings.ofApplication()
                .reads(Channels.INCIDENTS_IN, Topics.INCIDENTS)
                .writes(Channels.NUMBERS_OUT, Topics.FALLBACK_NUMBERS);
    }
}
