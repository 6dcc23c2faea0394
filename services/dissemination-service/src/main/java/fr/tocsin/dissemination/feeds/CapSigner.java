package fr.tocsin.dissemination.feeds;

import fr.tocsin.contracts.cap.CapSignature;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.HashUtil;

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
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Signs outgoing CAP alerts with Tocsin's key, so a forged alert claiming to come from Tocsin can be told apart.
 * Each signature names its key ({@code ds:KeyName}: the key's RFC 7638 SHA-256 thumbprint); the keys consumers
 * should accept (current, and around a rotation the next and previous ones) are published together.
 */
@ApplicationScoped
public class CapSigner {

    private static final Logger LOG = Logger.getLogger(CapSigner.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final X509Certificate certificate;
    private final String keyId;
    /** The keys published for verification: current first, then next and previous when configured. */
    private final List<PublishedKey> accepted = new ArrayList<>();

    /** A key consumers may verify with, its id (the KeyName signatures carry) and where it is in the rotation. */
    public record PublishedKey(String id, String status, PublicKey key) {
    }

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
        keyId = keyId(publicKey);
        accepted.add(new PublishedKey(keyId, "current", publicKey));
        add(config.nextPublicKey(), "next", "tocsin.cap.signing.next-public-key");
        add(config.previousPublicKey(), "previous", "tocsin.cap.signing.previous-public-key");
    }

    private void add(Optional<String> pem, String status, String property) {
        if (pem.isEmpty() || pem.get().isBlank()) {
            return;
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pemBody(pem.get())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not an RSA public key (PEM, SubjectPublicKeyInfo)", e);
        }
        String id = keyId(key);
        if (accepted.stream().anyMatch(k -> k.id().equals(id))) {
            throw new IllegalStateException(property + " is a key already published (" + id + ")");
        }
        accepted.add(new PublishedKey(id, status, key));
    }

    /** RFC 7638 thumbprint: any consumer can recompute it from the key alone. */
    static String keyId(PublicKey key) {
        try {
            return new RsaJsonWebKey((RSAPublicKey) key).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        } catch (ClassCastException e) {
            throw new IllegalStateException("CAP signing keys are RSA keys", e);
        }
    }

    public String sign(String capXml) {
        return CapSignature.sign(capXml, privateKey, publicKey, certificate, keyId);
    }

    /** The id of the signing key, as its signatures name it. */
    public String keyId() {
        return keyId;
    }

    public List<PublishedKey> acceptedKeys() {
        return List.copyOf(accepted);
    }

    /** Every accepted key, PEM, each after a line naming its id and status (text outside PEM blocks, RFC 7468). */
    public String acceptedKeysPem() {
        StringBuilder pem = new StringBuilder();
        for (PublishedKey key : accepted) {
            pem.append("Key-Id: ").append(key.id()).append("\nStatus: ").append(key.status()).append('\n')
                    .append(pem(key.key()));
        }
        return pem.toString();
    }

    /** Every accepted key as a JWK Set (RFC 7517), {@code kid} the KeyName of the signatures it verifies. */
    public String acceptedKeysJwks() {
        List<JsonWebKey> jwks = new ArrayList<>();
        for (PublishedKey key : accepted) {
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) key.key());
            jwk.setKeyId(key.id());
            jwk.setUse("sig");
            jwk.setAlgorithm("RS256");
            jwk.setOtherParameter("status", key.status());
            jwks.add(jwk);
        }
        return new JsonWebKeySet(jwks).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** The public key consumers verify with, PEM. */
    public String publicKeyPem() {
        return pem(publicKey);
    }

    private static String pem(PublicKey publicKey) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKey.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }
}
