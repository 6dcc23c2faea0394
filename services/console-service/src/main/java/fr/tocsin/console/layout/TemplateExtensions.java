package fr.tocsin.console.layout;

import io.quarkus.qute.TemplateExtension;

import java.util.List;

/** What the templates need beyond Qute's own. */
@TemplateExtension
public final class TemplateExtensions {

    private TemplateExtensions() {
    }

    static String join(List<String> values, String separator) {
        return values == null ? "" : String.join(separator, values);
    }
}
