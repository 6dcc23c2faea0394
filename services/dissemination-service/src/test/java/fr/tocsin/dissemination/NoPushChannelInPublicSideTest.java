package fr.tocsin.dissemination;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public side holds no push-channel setting, in any profile (#18): no network credential, endpoint or account
 * (those are broadcast-service's), no secrets directory read as configuration (it held the social credentials), and
 * no REST client settings, since it opens no outbound connection.
 */
class NoPushChannelInPublicSideTest {

    @Test
    void itsConfigurationHasNoSocialSetting() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            assertThat(in).isNotNull();
            properties.load(in);
        }
        assertThat(properties.stringPropertyNames()).isNotEmpty()
                .noneMatch(key -> key.replaceFirst("^%[^.]+\\.", "").startsWith("tocsin.social."))
                .noneMatch(key -> key.contains("rest-client"))
                .noneMatch(key -> key.contains("smallrye.config.source.file.locations"));
        assertThat(properties.values()).noneMatch(value -> value.toString().contains("whsec_"));
    }
}
