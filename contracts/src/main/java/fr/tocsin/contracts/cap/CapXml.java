package fr.tocsin.contracts.cap;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.UnmarshalException;
import jakarta.xml.bind.Unmarshaller;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URL;

/**
 * Reads CAP 1.2 safely and writes it valid. Input is untrusted (it comes from alerting software over the
 * network): it is size-bounded, DTDs are refused outright (which rules out external entities and entity
 * expansion bombs), nothing is fetched, and the schema validates it while it is read.
 */
public final class CapXml {

    public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
    /** The geocode name Tocsin uses for INSEE codes of departments, regions and communes. */
    public static final String INSEE_GEOCODE = "INSEE";
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    private static final JAXBContext CONTEXT;
    private static final Schema SCHEMA;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(CapAlert.class);
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            URL xsd = CapXml.class.getResource("cap12.xsd");
            SCHEMA = factory.newSchema(xsd);
        } catch (JAXBException | SAXException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CapXml() {
    }

    public static CapAlert parse(byte[] xml) {
        return parse(xml, DEFAULT_MAX_BYTES);
    }

    /** @throws CapFormatException when too large, not XML, carrying a DTD, or not valid CAP 1.2 */
    public static CapAlert parse(byte[] xml, int maxBytes) {
        if (xml.length > maxBytes) {
            throw new CapFormatException("CAP message too large: " + xml.length + " bytes > " + maxBytes);
        }
        try {
            Unmarshaller unmarshaller = CONTEXT.createUnmarshaller();
            unmarshaller.setSchema(SCHEMA);
            InputSource input = new InputSource(new ByteArrayInputStream(xml));
            Object root = unmarshaller.unmarshal(new SAXSource(hardenedReader(), input));
            if (!(root instanceof CapAlert alert)) {
                throw new CapFormatException("Not a CAP 1.2 alert: the root must be <alert xmlns=\"" + NAMESPACE + "\">");
            }
            return alert;
        } catch (UnmarshalException e) {
            throw new CapFormatException(describe(e), e);
        } catch (JAXBException e) {
            throw new CapFormatException("Unreadable CAP message: " + e.getMessage(), e);
        }
    }

    /** Marshals and checks the result against the schema, so an invalid alert never leaves. */
    public static String write(CapAlert alert) {
        try {
            Marshaller marshaller = CONTEXT.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
            marshaller.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            marshaller.marshal(alert, out);
            String xml = out.toString();
            validate(xml);
            return xml;
        } catch (JAXBException e) {
            throw new CapFormatException("CAP alert cannot be written: " + e.getMessage(), e);
        }
    }

    /** @throws CapFormatException naming line, column and the schema's complaint */
    public static void validate(String xml) {
        try {
            var validator = SCHEMA.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new StreamSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new CapFormatException(position(e) + e.getMessage(), e);
        } catch (SAXException | java.io.IOException e) {
            throw new CapFormatException("Invalid CAP: " + e.getMessage(), e);
        }
    }

    private static XMLReader hardenedReader() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    private static String describe(UnmarshalException e) {
        Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e.getCause();
        if (cause instanceof SAXParseException parse) {
            String message = parse.getMessage();
            if (message != null && message.contains("DOCTYPE")) {
                return position(parse) + "DTDs are not allowed in CAP messages";
            }
            return position(parse) + message;
        }
        return "Invalid CAP: " + (cause != null ? cause.getMessage() : e.getMessage());
    }

    private static String position(SAXParseException e) {
        return "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": ";
    }
}
