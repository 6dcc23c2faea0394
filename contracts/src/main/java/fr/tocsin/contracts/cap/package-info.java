/**
 * OASIS Common Alerting Protocol 1.2: the JAXB model, and {@link fr.tocsin.contracts.cap.CapXml} to read it safely
 * and write it valid. Vocabulary values (status, msgType, urgency, ...) are kept as the schema's strings: the
 * schema validates them, and each service maps them to its own types.
 */
@XmlSchema(namespace = CapXml.NAMESPACE, elementFormDefault = XmlNsForm.QUALIFIED,
        xmlns = @XmlNs(prefix = "", namespaceURI = CapXml.NAMESPACE))
@XmlAccessorType(XmlAccessType.FIELD)
@XmlJavaTypeAdapter(value = CapDateTimeAdapter.class, type = java.time.OffsetDateTime.class)
package fr.tocsin.contracts.cap;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
