package fr.tocsin.incident;

import fr.tocsin.contracts.Topics;
import fr.tocsin.incident.lifecycle.Channels;
import io.smallrye.config.PropertiesConfigSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic names live in the contracts; application.properties must bind the channels to exactly those. */
class TopicBindingTest {

    @Test
    void incidentChannelWritesTheContractTopic() throws IOException {
        URL properties = getClass().getClassLoader().getResource("application.properties");
        var config = new PropertiesConfigSource(properties);
        assertThat(config.getValue("mp.messaging.outgoing." + Channels.INCIDENTS_OUT + ".topic"))
                .isEqualTo(Topics.INCIDENTS);
    }
}
