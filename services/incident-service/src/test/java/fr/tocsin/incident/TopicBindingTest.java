package fr.tocsin.incident;

import fr.tocsin.contracts.Topics;
import fr.tocsin.incident.lifecycle.Channels;
import fr.tocsin.testsupport.TopicBindings;
import org.junit.jupiter.api.Test;

/** Topic names live in the contracts; application.properties must bind the channels to exactly those. */
class TopicBindingTest {

    @Test
    void incidentChannelWritesTheContractTopic() {
        TopicBindings.ofApplication().writes(Channels.INCIDENTS_OUT, Topics.INCIDENTS);
    }
}
