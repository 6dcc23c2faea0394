package fr.tocsin.contracts.cap;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * CAP date-times: seconds precision and an explicit offset, never {@code Z}; the specification writes UTC as
 * {@code -00:00}.
 */
public class CapDateTimeAdapter extends XmlAdapter<String, OffsetDateTime> {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

    @Override
    public OffsetDateTime unmarshal(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            // Reaches the sender through CapFormatException: the value and the reason, without the cause's class.
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IllegalArgumentException("'" + value.strip() + "' is not a valid date-time: " + reason);
        }
    }

    @Override
    public String marshal(OffsetDateTime value) {
        return value == null ? null : format(value);
    }

    public static String format(OffsetDateTime value) {
        OffsetDateTime seconds = value.truncatedTo(ChronoUnit.SECONDS);
        String offset = seconds.getOffset().equals(ZoneOffset.UTC) ? "-00:00" : OFFSET.format(seconds);
        return LOCAL.format(seconds) + offset;
    }
}
