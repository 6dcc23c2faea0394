package fr.tocsin.contracts.cap;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** CAP 1.2 {@code alert}. Field order is the schema's sequence. */
@XmlRootElement(name = "alert")
@XmlType(propOrder = {"identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction",
        "addresses", "codes", "note", "references", "incidents", "infos", "signatures"})
public class CapAlert {

    public String identifier;
    public String sender;
    public OffsetDateTime sent;
    /** Actual, Exercise, System, Test, Draft. */
    public String status;
    /** Alert, Update, Cancel, Ack, Error. */
    public String msgType;
    public String source;
    /** Public, Restricted, Private. */
    public String scope;
    public String restriction;
    public String addresses;
    @XmlElement(name = "code")
    public List<String> codes = new ArrayList<>();
    public String note;
    /** Space-separated {@code sender,identifier,sent} triplets of the messages this one updates or cancels. */
    public String references;
    public String incidents;
    @XmlElement(name = "info")
    public List<CapInfo> infos = new ArrayList<>();
    /** XML digital signatures (namespace xmldsig), kept as DOM. */
    @XmlAnyElement
    public List<Object> signatures = new ArrayList<>();

    /** The {@code references} triplets, parsed. */
    public List<CapReference> referencedMessages() {
        if (references == null || references.isBlank()) {
            return List.of();
        }
        List<CapReference> parsed = new ArrayList<>();
        for (String triplet : references.strip().split("\\s+")) {
            parsed.add(CapReference.parse(triplet));
        }
        return parsed;
    }
}
