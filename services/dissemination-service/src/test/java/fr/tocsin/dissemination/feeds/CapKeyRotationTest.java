package fr.tocsin.dissemination.feeds;

import fr.tocsin.contracts.cap.CapSignature;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A CAP signing key rotation as consumers live it: they fetch the published keys before the switch, and alerts
 * signed after it still verify with what they fetched, picked by the signature's KeyName.
 */
class CapKeyRotationTest {

    private static final String ALERT = """
            <?xml version="1.0" encoding="UTF-8"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">\
            <identifier>tocsin-rotation-test</identifier><sender>tocsin@example.org</sender>\
            <sent>2026-12-02T06:00:00+01:00</sent><status>Actual</status><msgType>Alert</msgType>\
            <scope>Public</scope><info><category>Infra</category><event>Panne</event><urgency>Immediate</urgency>\
            <severity>Severe</severity><certainty>Observed</certainty></info></alert>""";

    private final KeyPair a = generate();
    private final KeyPair b = generate();

    @Test
    void theNextKeyIsPublishedBeforeTheSwitchAndVerifiesWhatIsSignedAfterIt() throws Exception {
        CapSigner beforeSwitch = new CapSigner(config(a, pem(b.getPublic()), null));
        // What a consumer fetched before the switch: both keys, by id.
        JsonWebKeySet fetched = new JsonWebKeySet(beforeSwitch.acceptedKeysJwks());
        assertThat(fetched.getJsonWebKeys()).extracting(JsonWebKey::getKeyId)
                .containsExactly(CapSigner.keyId(a.getPublic()), CapSigner.keyId(b.getPublic()));
        assertThat(beforeSwitch.acceptedKeysPem()).contains("Key-Id: " + CapSigner.keyId(b.getPublic()) + "\nStatus: next\n")
                .contains(body(b.getPublic())).contains(body(a.getPublic()));
        assertThat(beforeSwitch.publicKeyPem()).as("the single-key file stays the current key")
                .contains(body(a.getPublic())).doesNotContain(body(b.getPublic()));
        String signedBefore = beforeSwitch.sign(ALERT);
        assertThat(verifiesWith(fetched, signedBefore)).isTrue();

        // The switch: B signs, A is still published as the previous key.
        CapSigner afterSwitch = new CapSigner(config(b, null, pem(a.getPublic())));
        String signedAfter = afterSwitch.sign(ALERT);
        assertThat(CapSignature.keyName(signedAfter)).contains(CapSigner.keyId(b.getPublic()));
        assertThat(verifiesWith(fetched, signedAfter)).as("the set fetched before the switch verifies the new alerts").isTrue();
        assertThat(CapSignature.verify(signedAfter, a.getPublic())).as("not with the old key").isFalse();
        assertThat(new JsonWebKeySet(afterSwitch.acceptedKeysJwks()).getJsonWebKeys()).extracting(JsonWebKey::getKeyId)
                .containsExactly(CapSigner.keyId(b.getPublic()), CapSigner.keyId(a.getPublic()));
        assertThat(verifiesWith(new JsonWebKeySet(afterSwitch.acceptedKeysJwks()), signedBefore))
                .as("alerts signed before the switch still verify with the set published after it").isTrue();
    }

    @Test
    void aPublishedKeyMustBeAnRsaPublicKeyOtherThanTheCurrentOne() {
        assertThatThrownBy(() -> new CapSigner(config(a, pem(a.getPublic()), null)))
                .hasMessageContaining("tocsin.cap.signing.next-public-key is a key already published");
        assertThatThrownBy(() -> new CapSigner(config(a, null, "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----")))
                .hasMessageContaining("tocsin.cap.signing.previous-public-key is not an RSA public key");
    }

    /** What a verifier does: the key the signature names, from the set it holds, and only that one. */
    private static boolean verifiesWith(JsonWebKeySet set, String signedXml) {
        String name = CapSignature.keyName(signedXml).orElseThrow();
        List<JsonWebKey> named = set.getJsonWebKeys().stream().filter(k -> name.equals(k.getKeyId())).toList();
        return named.size() == 1 && CapSignature.verify(signedXml, (PublicKey) named.get(0).getKey());
    }

    private static CapSigningConfig config(KeyPair current, String next, String previous) {
        String privatePem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(current.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return new CapSigningConfig() {
            @Override
            public Optional<String> privateKey() {
                return Optional.of(privatePem);
            }

            @Override
            public Optional<String> certificate() {
                return Optional.empty();
            }

            @Override
            public Optional<String> nextPublicKey() {
                return Optional.ofNullable(next);
            }

            @Override
            public Optional<String> previousPublicKey() {
                return Optional.ofNullable(previous);
            }
        };
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + body(key) + "\n-----END PUBLIC KEY-----\n";
    }

    private static String body(PublicKey key) {
        return Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
