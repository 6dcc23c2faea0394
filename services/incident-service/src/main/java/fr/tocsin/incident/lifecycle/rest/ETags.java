package fr.tocsin.incident.lifecycle.rest;

import fr.tocsin.incident.lifecycle.StaleVersionException;

/** The incident version is its entity tag: strong, {@code "7"}. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-Match} header names; changes without one are refused (428). */
    public static long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException();
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            // An entity tag we never issued matches no version.
            throw new StaleVersionException(-1, -1);
        }
    }
}
