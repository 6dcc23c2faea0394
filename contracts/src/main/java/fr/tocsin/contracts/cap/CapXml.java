package fr.tocsin.contracts.cap;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.ValidationEventLocator;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URL;

/**
 * Reads CAP 1.2 safely and writes it valid. Input is untrusted (it comes from alerting software over the
 * network): it is size-bounded, DTDs are refused outright (which rules out external entities and entity
 * expansion bombs), nothing is fetched, and the schema validates it while it is read.
 * <p>
 * The JDK's own JAXP implementations are used on purpose: a Xerces or Woodstox elsewhere on a service's
 * classpath may not honour the same hardening features.
 */
public final class CapXml {

    public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
    /** The geocode name Tocsin uses for INSEE codes of departments, regions and communes. */
    public static final String INSEE_GEOCODE = "INSEE";
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    private static final JAXBContext CONTEXT;
    private static final Schema SCHEMA;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(CapAlert.class);
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            URL xsd = CapXml.class.getResource("cap12.xsd");
            if (xsd == null) {
                throw new IllegalStateException("cap12.xsd is missing from the classpath");
            }
            SCHEMA = factory.newSchema(xsd);
        } catch (JAXBException | SAXException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CapXml() {
    }

    /** {@link #parse(byte[], int)} with the {@value #DEFAULT_MAX_BYTES}-byte limit. */
    public static CapAlert parse(byte[] xml) {
        return parse(xml, DEFAULT_MAX_BYTES);
    }

    /** @throws CapFormatException when too large, not XML, carrying a DTD, or not valid CAP 1.2 */
    public static CapAlert parse(byte[] xml, int maxBytes) {
        if (xml == null || xml.length == 0) {
            throw new CapFormatException("Empty CAP message");
        }
        // Checked before any parsing: the limit is what keeps a hostile body from costing CPU and memory.
        if (xml.length > maxBytes) {
            throw new CapFormatException("CAP message too large: " + xml.length + " bytes > " + maxBytes);
        }
        // Another CAP version fails the schema with "Cannot find the declaration of element 'alert'": say what it is.
        String namespace = rootNamespace(xml);
        if (namespace != null && !NAMESPACE.equals(namespace)) {
            throw new CapVersionException(namespace);
        }
        ValidationEvent[] failure = new ValidationEvent[1];
        try {
            Unmarshaller unmarshaller = CONTEXT.createUnmarshaller();
            unmarshaller.setSchema(SCHEMA);
            // JAXB's default handler lets an adapter's exception go and leaves the field null (a schema-valid
            // "24:00:00" would become an alert without sent): every error must fail the parse.
            unmarshaller.setEventHandler(event -> {
                if (event.getSeverity() == ValidationEvent.WARNING) {
                    return true;
                }
                if (failure[0] == null) {
                    failure[0] = event;
                }
                return false;
            });
            Object root = unmarshaller.unmarshal(source(new InputSource(new ByteArrayInputStream(xml))));
            if (!(root instanceof CapAlert alert)) {
                throw new CapFormatException("Not a CAP 1.2 alert: the root must be <alert xmlns=\"" + NAMESPACE + "\">");
            }
            return alert;
        } catch (JAXBException e) {
            throw new CapFormatException(failure[0] != null ? describe(failure[0]) : describe(e), e);
        }
    }

    /** Marshals and checks the result against the schema, so an invalid alert never leaves. */
    public static String write(CapAlert alert) {
        String xml;
        try {
            Marshaller marshaller = CONTEXT.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
            marshaller.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            marshaller.marshal(alert, out);
            xml = out.toString();
        } catch (JAXBException e) {
            throw new CapFormatException("CAP alert cannot be written: " + reason(e), e);
        }
        validate(xml);
        return xml;
    }

    /**
     * Checks XML against the CAP 1.2 schema, with the same hardening as {@link #parse(byte[])}.
     *
     * @throws CapFormatException naming line, column and the schema's complaint
     */
    public static void validate(String xml) {
        if (xml == null || xml.isEmpty()) {
            throw new CapFormatException("Empty CAP message");
        }
        try {
            Validator validator = SCHEMA.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(source(new InputSource(new StringReader(xml))));
        } catch (SAXParseException e) {
            throw new CapFormatException(describe(e), e);
        } catch (SAXException | IOException e) {
            throw new CapFormatException("Invalid CAP: " + e.getMessage(), e);
        }
    }

    /**
     * The namespace of a root {@code <alert>} ("" when none), read by the same hardened reader and no further than the
     * root; null when the root is another element or the document is unreadable before it (a DTD, broken XML): the
     * full parse then says why.
     */
    private static String rootNamespace(byte[] xml) {
        String[] found = new String[1];
        org.xml.sax.helpers.DefaultHandler handler = new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void startElement(String uri, String localName, String qName, org.xml.sax.Attributes attributes)
                    throws SAXException {
                // Only an <alert> is another CAP version; any other root keeps the schema's message, which names it.
                found[0] = "alert".equals(localName) ? (uri == null ? "" : uri) : null;
                throw new SAXException("root element read");
            }
        };
        XMLReader reader = hardenedReader();
        reader.setContentHandler(handler);
        reader.setErrorHandler(handler); // not the default one, which prints fatal errors to stderr
        try {
            reader.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXException | IOException e) {
            // Stopped at the root, or unreadable before it.
        }
        return found[0];
    }

    private static SAXSource source(InputSource input) {
        return new SAXSource(hardenedReader(), input);
    }

    private static XMLReader hardenedReader() {
        try {
            // A factory per call: JAXP factories are not thread-safe, and this one is cheap next to the parse.
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            XMLReader reader = factory.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    private static String describe(ValidationEvent event) {
        if (event.getLinkedException() instanceof SAXParseException parse) {
            return describe(parse);
        }
        ValidationEventLocator locator = event.getLocator();
        String where = locator != null && locator.getLineNumber() > 0
                ? "line " + locator.getLineNumber() + ", column " + locator.getColumnNumber() + ": " : "";
        // JAXB wraps the adapter's exception and prefixes class names: the innermost message alone reads better.
        Throwable root = event.getLinkedException();
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root != null && root.getMessage() != null ? root.getMessage() : event.getMessage();
        return where + (message != null ? message : "invalid CAP");
    }

    private static String describe(JAXBException e) {
        Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e.getCause();
        if (cause instanceof SAXParseException parse) {
            return describe(parse);
        }
        return "Invalid CAP: " + reason(e);
    }

    private static String reason(JAXBException e) {
        Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e.getCause();
        String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        return message != null ? message : e.getClass().getSimpleName();
    }

    private static String describe(SAXParseException e) {
        String message = e.getMessage();
        // The feature's name is in the parser's message whatever the JVM's locale.
        if (message != null && message.contains(DISALLOW_DOCTYPE)) {
            return position(e) + "DTDs are not allowed in CAP messages";
        }
        // Every CAP element is in the one namespace: naming it in each element of the complaint only hides the names.
        return position(e) + (message == null ? "invalid CAP" : message.replace("\"" + NAMESPACE + "\":", ""));
    }

    private static String position(SAXParseException e) {
        return "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": ";
    }
}
