package fr.tocsin.dissemination;

import fr.tocsin.contracts.Topics;
import fr.tocsin.dissemination.readmodel.Channels;
import io.smallrye.config.PropertiesConfigSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic names live in the contracts; application.properties must bind the channels to exactly those. */
class TopicBindingTest {

    @Test
    void incidentChannelReadsTheContractTopic() throws IOException {
        URL properties = getClass().getClassLoader().getResource("application.properties");
        var config = new PropertiesConfigSource(properties);
        assertThat(config.getValue("mp.messaging.incoming." + Channels.INCIDENTS_IN + ".topic"))
                .isEqualTo(Topics.INCIDENTS);
        assertThat(config.getValue("mp.messaging.incoming." + Channels.NUMBERS_IN + ".topic"))
                .isEqualTo(Topics.FALLBACK_NUMBERS);
    }
}
