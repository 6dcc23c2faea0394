package fr.tocsin.contracts.cap;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CAP signatures against vectors made by an independent implementation, xmlsec1 (see cap/vectors/README.md), not
 * by {@link CapSignature} itself: a partner verifying with their own library must agree with us, both ways.
 */
class CapSignatureVectorTest {

    private static final String SIGNED = read("alert-signed-by-xmlsec1.xml");
    private static final PublicKey TRUSTED = publicKey(read("test-vector-public.pem"));

    @Test
    void anAlertSignedByXmlsec1Verifies() {
        assertThat(CapSignature.verify(SIGNED, TRUSTED)).isTrue();
        assertThat(CapSignature.verify(SIGNED.replace("03 53 01 00 00", "03 53 01 00 01"), TRUSTED)).isFalse();
    }

    /**
     * RSA PKCS#1 v1.5 is deterministic: signing the same alert with the same key must give xmlsec1's very digest and
     * signature value. A change of canonicalisation, transforms, digest or signature algorithm fails here (checked
     * once with inclusive c14n in {@code CapSignature.sign}: the signature value differs, while CapSignatureTest,
     * which only checks CapSignature against itself, still passed).
     */
    @Test
    void tocsinSignsByteForByteAsXmlsec1Does() {
        String unsigned = SIGNED.replaceFirst("(?s)<ds:Signature.*</ds:Signature>", "");
        String ours = CapSignature.sign(unsigned, privateKey(read("test-vector-private-TEST-ONLY.pem")), TRUSTED, null);
        assertThat(value(ours, "DigestValue")).isEqualTo(value(SIGNED, "DigestValue"));
        assertThat(value(ours, "SignatureValue")).isEqualTo(value(SIGNED, "SignatureValue"));
        assertThat(CapSignature.verify(ours, TRUSTED)).isTrue();
    }

    /** A valid signature by the trusted key, but over a fragment (a note), not the alert: refused. */
    @Test
    void aSignatureOverAFragmentIsRefused() {
        assertThat(read("fragment-signed-by-xmlsec1.xml")).contains("URI=\"#signed\"");
        assertThat(CapSignature.verify(read("fragment-signed-by-xmlsec1.xml"), TRUSTED)).isFalse();
    }

    /** The signed alert wrapped in another document, or next to a second signature: refused. */
    @Test
    void wrappedOrDuplicatedSignaturesAreRefused() {
        String body = SIGNED.replaceFirst("<\\?xml[^>]*>\\s*", "");
        String wrapped = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>evil</identifier>"
                + "<note>" + "</note>" + body + "</alert>";
        assertThat(CapSignature.verify(wrapped, TRUSTED)).isFalse();
        Matcher signature = Pattern.compile("(?s)<ds:Signature.*</ds:Signature>").matcher(SIGNED);
        assertThat(signature.find()).isTrue();
        String duplicated = SIGNED.replace("</alert>", signature.group() + "</alert>");
        assertThat(CapSignature.verify(duplicated, TRUSTED)).isFalse();
        String evilTwin = SIGNED.replace("Appelez le 03 53 01 00 00.", "Appelez le 08 99 00 00 00.");
        assertThat(CapSignature.verify(evilTwin, TRUSTED)).isFalse();
    }

    private static String value(String xml, String element) {
        Matcher matcher = Pattern.compile("(?s)<ds:" + element + ">(.*?)</ds:" + element + ">").matcher(xml);
        assertThat(matcher.find()).as(element).isTrue();
        return matcher.group(1).replaceAll("\\s|&#13;", "");
    }

    private static String read(String name) {
        try (InputStream in = CapSignatureVectorTest.class.getResourceAsStream("/cap/vectors/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pem(String text) {
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static PublicKey publicKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pem(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
