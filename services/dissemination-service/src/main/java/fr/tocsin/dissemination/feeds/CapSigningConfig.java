package fr.tocsin.dissemination.feeds;

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

    /**
     * Public key (PEM) of the key that will sign after the next rotation: published with the current one ahead of
     * the switch, so consumers already hold it when the first alert signed with it arrives.
     */
    Optional<String> nextPublicKey();

    /**
     * Public key (PEM) of the key that signed before the last rotation: still published for a while, for
     * consumers verifying alerts signed before the switch (and pods still rolling over).
     */
    Optional<String> previousPublicKey();
}
