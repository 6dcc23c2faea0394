package fr.tocsin.contracts.cap;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** CAP 1.2 {@code info}: one language's version of the alert. */
@XmlType(propOrder = {"language", "categories", "event", "responseTypes", "urgency", "severity", "certainty",
        "audience", "eventCodes", "effective", "onset", "expires", "senderName", "headline", "description",
        "instruction", "web", "contact", "parameters", "resources", "areas"})
public class CapInfo {

    /** RFC 3066 language, e.g. fr-FR; CAP's default is en-US. */
    public String language;
    @XmlElement(name = "category")
    public List<String> categories = new ArrayList<>();
    public String event;
    @XmlElement(name = "responseType")
    public List<String> responseTypes = new ArrayList<>();
    public String urgency;
    public String severity;
    public String certainty;
    public String audience;
    @XmlElement(name = "eventCode")
    public List<CapValuePair> eventCodes = new ArrayList<>();
    public OffsetDateTime effective;
    public OffsetDateTime onset;
    public OffsetDateTime expires;
    public String senderName;
    public String headline;
    public String description;
    public String instruction;
    public String web;
    public String contact;
    @XmlElement(name = "parameter")
    public List<CapValuePair> parameters = new ArrayList<>();
    @XmlElement(name = "resource")
    public List<CapResource> resources = new ArrayList<>();
    @XmlElement(name = "area")
    public List<CapArea> areas = new ArrayList<>();
}
