package fr.tocsin.contracts.cap;

import java.util.Map;

/**
 * A message of another CAP version (1.0, 1.1) or not CAP at all, recognised by its root element's namespace: said
 * plainly, rather than as the schema's "Cannot find the declaration of element 'alert'".
 */
public class CapVersionException extends CapFormatException {

    private static final Map<String, String> KNOWN = Map.of(
            "urn:oasis:names:tc:emergency:cap:1.1", "CAP 1.1",
            "http://www.incident.com/cap/1.0", "CAP 1.0",
            "urn:oasis:names:tc:emergency:cap:1.0", "CAP 1.0");

    private final String namespace;

    public CapVersionException(String namespace) {
        super(message(namespace));
        this.namespace = namespace;
    }

    /** The root element's namespace as sent (empty when it has none). */
    public String namespace() {
        return namespace;
    }

    private static String message(String namespace) {
        String shown = namespace.isEmpty() ? "aucun / none"
                : "\"" + (namespace.length() > 200 ? namespace.substring(0, 200) + "…" : namespace) + "\""
                + (KNOWN.containsKey(namespace) ? " (" + KNOWN.get(namespace) + ")" : "");
        return "Seul CAP 1.2 est accepté (xmlns=\"" + CapXml.NAMESPACE + "\") ; espace de noms du message : " + shown
                + " / only CAP 1.2 is accepted (xmlns=\"" + CapXml.NAMESPACE + "\"); this message's namespace: " + shown;
    }
}
