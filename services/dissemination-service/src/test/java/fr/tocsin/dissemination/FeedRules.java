package fr.tocsin.dissemination;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Atom 1.0 and RSS 2.0 the way a standard feed reader does, with the JDK's own XML parser and nothing of
 * Rome (which writes the feeds): each feed is checked against the rules of RFC 4287 and of the RSS 2.0
 * specification, and each entry's identifier is mapped to the link a reader would open.
 */
final class FeedRules {

    static final String ATOM_NS = "http://www.w3.org/2005/Atom";

    private FeedRules() {
    }

    /** A feed as read: its language (RSS {@code language}, Atom {@code xml:lang} if any) and entry id → link. */
    record Read(String title, String language, Map<String, String> links, List<String> violations) {
    }

    static Read atom(String xml) {
        Document document = parse(xml);
        List<String> violations = new ArrayList<>();
        Element feed = document.getDocumentElement();
        if (!"feed".equals(feed.getLocalName()) || !ATOM_NS.equals(feed.getNamespaceURI())) {
            violations.add("root is not atom:feed");
        }
        exactlyOne(feed, "id", violations, "feed");
        exactlyOne(feed, "title", violations, "feed");
        exactlyOne(feed, "updated", violations, "feed");
        date3339(text(feed, "updated"), violations, "feed updated");
        boolean feedAuthor = !children(feed, "author").isEmpty();
        Map<String, String> links = new LinkedHashMap<>();
        for (Element entry : children(feed, "entry")) {
            String id = text(entry, "id");
            exactlyOne(entry, "id", violations, "entry " + id);
            exactlyOne(entry, "title", violations, "entry " + id);
            exactlyOne(entry, "updated", violations, "entry " + id);
            date3339(text(entry, "updated"), violations, "entry " + id + " updated");
            iri(id, violations, "entry id");
            if (!feedAuthor && children(entry, "author").stream().noneMatch(a -> !text(a, "name").isBlank())) {
                violations.add("entry " + id + " has no author and neither has the feed (RFC 4287 4.1.1)");
            }
            List<Element> alternates = children(entry, "link").stream()
                    .filter(l -> l.getAttribute("rel").isEmpty() || "alternate".equals(l.getAttribute("rel"))).toList();
            if (children(entry, "content").isEmpty() && alternates.isEmpty()) {
                violations.add("entry " + id + " has neither content nor an alternate link (RFC 4287 4.1.2)");
            }
            if (alternates.stream().map(l -> l.getAttribute("type") + "|" + l.getAttribute("hreflang")).distinct().count()
                    < alternates.size()) {
                violations.add("entry " + id + " has two alternate links of one type and language (RFC 4287 4.1.2)");
            }
            if (!alternates.isEmpty()) {
                String href = alternates.getFirst().getAttribute("href");
                iri(href, violations, "entry " + id + " link");
                links.put(id, href);
            }
        }
        String language = feed.getAttributeNS(XMLConstants.XML_NS_URI, "lang");
        return new Read(text(feed, "title"), language, links, violations);
    }

    static Read rss(String xml) {
        Document document = parse(xml);
        List<String> violations = new ArrayList<>();
        Element rss = document.getDocumentElement();
        if (!"rss".equals(rss.getNodeName()) || !"2.0".equals(rss.getAttribute("version"))) {
            violations.add("root is not <rss version=\"2.0\">");
        }
        List<Element> channels = children(rss, "channel");
        if (channels.size() != 1) {
            violations.add("rss has " + channels.size() + " channels");
            return new Read("", "", Map.of(), violations);
        }
        Element channel = channels.getFirst();
        for (String required : List.of("title", "link", "description")) {
            exactlyOne(channel, required, violations, "channel");
        }
        iri(text(channel, "link"), violations, "channel link");
        Map<String, String> links = new LinkedHashMap<>();
        for (Element item : children(channel, "item")) {
            String guid = text(item, "guid");
            if (text(item, "title").isBlank() && text(item, "description").isBlank()) {
                violations.add("item " + guid + " has neither title nor description");
            }
            if (!text(item, "pubDate").isEmpty()) {
                try {
                    ZonedDateTime.parse(text(item, "pubDate"), DateTimeFormatter.RFC_1123_DATE_TIME);
                } catch (RuntimeException e) {
                    violations.add("item " + guid + " pubDate is not RFC 822: " + text(item, "pubDate"));
                }
            }
            String link = text(item, "link");
            iri(link, violations, "item " + guid + " link");
            links.put(guid, link);
        }
        return new Read(text(channel, "title"), text(channel, "language"), links, violations);
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && name.equals(element.getLocalName() == null ? element.getNodeName()
                    : element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? "" : found.getFirst().getTextContent().strip();
    }

    private static void exactlyOne(Element parent, String name, List<String> violations, String where) {
        int count = children(parent, name).size();
        if (count != 1) {
            violations.add(where + " has " + count + " <" + name + "> (exactly one required)");
        }
    }

    private static void date3339(String value, List<String> violations, String where) {
        try {
            OffsetDateTime.parse(value);
        } catch (RuntimeException e) {
            violations.add(where + " is not an RFC 3339 date-time: " + value);
        }
    }

    private static void iri(String value, List<String> violations, String where) {
        try {
            if (!URI.create(value).isAbsolute()) {
                violations.add(where + " is not an absolute IRI: " + value);
            }
        } catch (RuntimeException e) {
            violations.add(where + " is not an IRI: " + value);
        }
    }
}
