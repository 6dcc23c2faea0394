package fr.tocsin.testsupport;

import io.smallrye.config.PropertiesConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Topic names live in the contracts ({@code fr.tocsin.contracts.Topics}); a service's application.properties must
 * bind its channels to exactly those. Read from the test's class path, without starting the service.
 */
public final class TopicBindings {

    private final PropertiesConfigSource config;

    private TopicBindings(PropertiesConfigSource config) {
        this.config = config;
    }

    /** The service's application.properties. */
    public static TopicBindings ofApplication() {
        URL properties = TopicBindings.class.getClassLoader().getResource("application.properties");
        assertNotNull(properties, "application.properties on the class path");
        try {
            return new TopicBindings(new PropertiesConfigSource(properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TopicBindings reads(String channel, String topic) {
        assertEquals(topic, config.getValue("mp.messaging.incoming." + channel + ".topic"), "incoming " + channel);
        return this;
    }

    public TopicBindings writes(String channel, String topic) {
        assertEquals(topic, config.getValue("mp.messaging.outgoing." + channel + ".topic"), "outgoing " + channel);
        return this;
    }
}
