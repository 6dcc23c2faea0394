package fr.tocsin.dissemination.config;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "tocsin.public")
public interface PublicConfig {

    /** Where citizens reach the public site; feeds and CAP link there. */
    String baseUrl();

    /** CAP {@code sender}: identifies Tocsin as the originator of the messages (no spaces, commas or '<&'). */
    String capSender();
}
