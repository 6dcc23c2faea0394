package fr.tocsin.dissemination.service;

import fr.tocsin.contracts.cap.CapSignature;
import fr.tocsin.dissemination.config.CapSigningConfig;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** Signs outgoing CAP alerts with Tocsin's key, so a forged alert claiming to come from Tocsin can be told apart. */
@ApplicationScoped
public class CapSigner {

    private static final Logger LOG = Logger.getLogger(CapSigner.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final X509Certificate certificate;

    CapSigner(CapSigningConfig config) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (config.privateKey().isPresent()) {
                privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(pemBody(config.privateKey().get())));
            } else if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("tocsin.cap.signing.private-key is required in production");
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                privateKey = generator.generateKeyPair().getPrivate();
                LOG.warn("CAP alerts are signed with a key generated at start: set tocsin.cap.signing.private-key");
            }
            if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
                throw new IllegalStateException("tocsin.cap.signing.private-key must be an RSA key with its CRT parameters");
            }
            publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            certificate = config.certificate().isEmpty() ? null
                    : (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                            new ByteArrayInputStream(config.certificate().get().getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Unusable CAP signing key or certificate: " + e.getMessage(), e);
        }
        if (certificate != null && !certificate.getPublicKey().equals(publicKey)) {
            throw new IllegalStateException("tocsin.cap.signing.certificate is not the certificate of the signing key");
        }
    }

    public String sign(String capXml) {
        return CapSignature.sign(capXml, privateKey, publicKey, certificate);
    }

    /** The public key consumers verify with, PEM. */
    public String publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKey.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }
}
