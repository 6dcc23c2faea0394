package fr.tocsin.contracts.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * Refuses, while reading a request, text no public notice needs and that breaks things downstream: control
 * characters other than tab and line breaks (PostgreSQL refuses NUL outright; the others hide text on screens
 * and in posts) and unpaired surrogates (not encodable as UTF-8). The error names the field, like any other.
 */
public final class SafeText {

    private SafeText() {
    }

    /** Register on every ObjectMapper that reads requests. */
    public static Module module() {
        return new SimpleModule("tocsin-safe-text").addDeserializer(String.class, new Deserializer());
    }

    /** The first reason {@code text} is unsafe, or null. */
    public static String problem(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return "caractère de contrôle interdit / control character U+%04X not allowed".formatted((int) c);
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return "texte Unicode invalide / unpaired surrogate U+%04X".formatted((int) c);
            }
        }
        return null;
    }

    /**
     * {@code value} as one line of a log: line breaks and other control characters (C0, DEL, C1, U+2028/9) as
     * escapes ({@code \r}, {@code \n}, {@code \t}, else a Java-style Unicode escape), so text from a request, an
     * event or a remote server cannot end the log line and forge the next one. Parameterised logging alone does not.
     */
    public static String forLog(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                switch (c) {
                    case '\r' -> out.append("\\r");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (control) {
                            out.append("\\u%04x".formatted((int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static final class Deserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            String problem = value == null ? null : problem(value);
            if (problem != null) {
                return (String) context.handleWeirdStringValue(String.class, value, problem);
            }
            return value;
        }
    }
}
