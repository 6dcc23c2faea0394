package fr.tocsin.dissemination.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

@ConfigMapping(prefix = "tocsin.cap.signing")
public interface CapSigningConfig {

    /**
     * RSA private key signing every CAP alert, PKCS#8 (PEM or bare base64). Required in production, from a
     * Secret; elsewhere a key is generated at start.
     */
    Optional<String> privateKey();

    /** The key's X.509 certificate (PEM), added to each signature when an authority issued one. */
    Optional<String> certificate();
}
