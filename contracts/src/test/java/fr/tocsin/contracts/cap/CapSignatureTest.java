package fr.tocsin.contracts.cap;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Verified with the JDK's XML signature API, as a consumer of the CAP feed would. */
class CapSignatureTest {

    private static final KeyPair TOCSIN = rsa();
    private static final KeyPair SOMEONE_ELSE = rsa();

    @Test
    void aSignedAlertVerifiesWithTheKeyAndStaysSchemaValid() {
        String signed = sign(alert());
        assertThat(signed).contains("<ds:Signature").contains("<ds:KeyValue>");
        assertThat(CapSignature.verify(signed, TOCSIN.getPublic())).isTrue();
        assertThatCode(() -> CapXml.validate(signed)).doesNotThrowAnyException();
        // Still an alert for any CAP reader that ignores signatures.
        assertThat(CapXml.parse(signed.getBytes(StandardCharsets.UTF_8)).identifier).isNotBlank();
    }

    @Test
    void anyChangeAfterSigningFailsVerification() {
        String signed = sign(alert());
        String changedText = signed.replaceFirst("<headline>([^<]*)</headline>", "<headline>Fausse alerte : appelez le 0899 999 999</headline>");
        assertThat(changedText).isNotEqualTo(signed);
        assertThat(CapSignature.verify(changedText, TOCSIN.getPublic())).isFalse();
        String changedStatus = signed.replace("<status>Actual</status>", "<status>Exercise</status>");
        assertThat(changedStatus).isNotEqualTo(signed);
        assertThat(CapSignature.verify(changedStatus, TOCSIN.getPublic())).isFalse();
    }

    @Test
    void anotherKeyOrNoSignatureIsNotTocsin() {
        String forged = CapSignature.sign(alert(), SOMEONE_ELSE.getPrivate(), SOMEONE_ELSE.getPublic(), null);
        assertThat(CapSignature.verify(forged, TOCSIN.getPublic())).isFalse();
        assertThat(CapSignature.verify(alert(), TOCSIN.getPublic())).isFalse();
        assertThat(CapSignature.verify("<not-cap/>", TOCSIN.getPublic())).isFalse();
        assertThat(CapSignature.verify("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
                TOCSIN.getPublic())).isFalse();
    }

    private static String sign(String xml) {
        return CapSignature.sign(xml, TOCSIN.getPrivate(), TOCSIN.getPublic(), null);
    }

    private static String alert() {
        try (InputStream in = CapSignatureTest.class.getResourceAsStream("/cap/alert.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
