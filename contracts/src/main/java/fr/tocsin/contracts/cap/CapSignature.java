package fr.tocsin.contracts.cap;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.XMLStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Enveloped XML signatures on CAP 1.2 alerts, as the CAP schema allows them: one {@code ds:Signature}, last child
 * of {@code alert}, over the whole alert (exclusive canonicalisation, SHA-256, RSA-SHA256), carrying the public
 * key and, when there is one, the certificate. Consumers verify with the key Tocsin publishes, not the one inside;
 * the {@code ds:KeyName} names which published key (its RFC 7638 thumbprint), so a verifier holding several (around a
 * key rotation) picks the right one.
 */
public final class CapSignature {

    private CapSignature() {
    }

    /** Signs a CAP document as written by {@link CapXml#write}; returns the signed XML. */
    public static String sign(String capXml, PrivateKey privateKey, PublicKey publicKey, X509Certificate certificate) {
        return sign(capXml, privateKey, publicKey, certificate, null);
    }

    /** As {@link #sign(String, PrivateKey, PublicKey, X509Certificate)}, naming the key in {@code ds:KeyName}. */
    public static String sign(String capXml, PrivateKey privateKey, PublicKey publicKey, X509Certificate certificate,
                              String keyName) {
        try {
            Document document = parse(capXml);
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            Reference whole = factory.newReference("", factory.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null, null);
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(whole));
            KeyInfoFactory keys = factory.getKeyInfoFactory();
            List<XMLStructure> keyInfo = new ArrayList<>();
            if (keyName != null) {
                keyInfo.add(keys.newKeyName(keyName));
            }
            keyInfo.add(keys.newKeyValue(publicKey));
            if (certificate != null) {
                keyInfo.add(keys.newX509Data(List.of(certificate)));
            }
            KeyInfo info = keys.newKeyInfo(keyInfo);
            DOMSignContext context = new DOMSignContext(privateKey, document.getDocumentElement());
            context.setDefaultNamespacePrefix("ds");
            factory.newXMLSignature(signedInfo, info).sign(context);
            return serialize(document);
        } catch (GeneralSecurityException | MarshalException | XMLSignatureException e) {
            throw new IllegalStateException("CAP alert cannot be signed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the alert carries exactly one enveloped signature, made with the private key of {@code trusted}, over
     * exactly what it contains. Any change to the alert after signing makes it false.
     */
    public static boolean verify(String capXml, PublicKey trusted) {
        try {
            Document document = parse(capXml);
            NodeList signatures = document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
            if (signatures.getLength() != 1 || signatures.item(0).getParentNode() != document.getDocumentElement()) {
                return false;
            }
            DOMValidateContext context = new DOMValidateContext(trusted, signatures.item(0));
            context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
            XMLSignature signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
            // The one reference must be the whole document, enveloped: not a fragment chosen by someone else.
            List<?> references = signature.getSignedInfo().getReferences();
            if (references.size() != 1 || !"".equals(((Reference) references.get(0)).getURI())) {
                return false;
            }
            return signature.validate(context);
        } catch (IllegalArgumentException | MarshalException | XMLSignatureException e) {
            return false;
        }
    }

    /**
     * The {@code ds:KeyName} of the alert's signature: which published key to verify with. Not a proof of anything
     * by itself (it is not signed): only {@link #verify} with that key is.
     */
    public static Optional<String> keyName(String capXml) {
        NodeList names = parse(capXml).getElementsByTagNameNS(XMLSignature.XMLNS, "KeyName");
        return names.getLength() == 1 ? Optional.of(names.item(0).getTextContent().strip()) : Optional.empty();
    }

    /** Namespace-aware DOM, with the same refusal of DTDs and external entities as {@link CapXml#parse}. */
    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("Not a well-formed CAP document: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    private static String serialize(Document document) {
        try {
            var transformer = TransformerFactory.newDefaultInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
