package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.dissemination.readmodel.Channels;
import fr.tocsin.testsupport.TopicBindings;
import org.junit.jupiter.api.Test;

/** Topic names live in the contracts; application.properties must bind the channels to exactly those. */
class TopicBindingTest {

    @Test
    void channelsReadTheContractTopics() {
        TopicBindings.ofApplication()
                .reads(Channels.INCIDENTS_IN, Topics.INCIDENTS)
                .reads(Channels.NUMBERS_IN, Topics.FALLBACK_NUMBERS);
    }
}
