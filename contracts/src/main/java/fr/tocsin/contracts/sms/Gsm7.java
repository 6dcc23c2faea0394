package fr.tocsin.contracts.sms;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The GSM 03.38 default alphabet and its extension table, unpacked (one septet per octet), as SMPP carries
 * {@code data_coding 0}. Shared by broadcast-service (which encodes and counts segments) and the local SMSC (which
 * decodes what it received), so both read one table.
 */
public final class Gsm7 {

    /** Octets per segment of a text without UDH: 160 septets; with a concatenation UDH (6 octets): 153. */
    public static final int SINGLE_SEGMENT = 160;
    public static final int CONCATENATED_SEGMENT = 153;
    /** UCS-2: 70 characters alone, 67 per part of a concatenated message. */
    public static final int UCS2_SINGLE_SEGMENT = 70;
    public static final int UCS2_CONCATENATED_SEGMENT = 67;

    private static final byte ESCAPE = 0x1B;

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private static final Map<Character, Integer> BASIC_CODES = new HashMap<>();
    private static final Map<Character, Integer> EXTENDED_CODES = Map.of(
            '\f', 0x0A, '^', 0x14, '{', 0x28, '}', 0x29, '\\', 0x2F, '[', 0x3C, '~', 0x3D, ']', 0x3E, '|', 0x40, '€', 0x65);
    private static final Map<Integer, Character> EXTENDED_CHARS = new HashMap<>();

    static {
        if (BASIC.length() != 128) {
            throw new IllegalStateException("GSM 03.38 basic table has " + BASIC.length() + " characters");
        }
        for (int i = 0; i < BASIC.length(); i++) {
            if (i != ESCAPE) {
                BASIC_CODES.put(BASIC.charAt(i), i);
            }
        }
        EXTENDED_CODES.forEach((c, code) -> EXTENDED_CHARS.put(code, c));
    }

    private Gsm7() {
    }

    /** Whether every character of the text has a GSM-7 code (else it must travel as UCS-2). */
    public static boolean canEncode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!BASIC_CODES.containsKey(c) && !EXTENDED_CODES.containsKey(c)) {
                return false;
            }
        }
        return true;
    }

    /** The septets of the text, one per octet; empty when a character has no GSM-7 code. */
    public static Optional<byte[]> encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            Integer basic = BASIC_CODES.get(c);
            if (basic != null) {
                out.write(basic);
                continue;
            }
            Integer extended = EXTENDED_CODES.get(c);
            if (extended == null) {
                return Optional.empty();
            }
            out.write(ESCAPE);
            out.write(extended);
        }
        return Optional.of(out.toByteArray());
    }

    /** Reads unpacked septets back; an unknown escape decodes to its basic character, as handsets do. */
    public static String decode(byte[] septets) {
        StringBuilder text = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int code = septets[i] & 0x7F;
            if (code == ESCAPE && i + 1 < septets.length) {
                int next = septets[++i] & 0x7F;
                Character extended = EXTENDED_CHARS.get(next);
                text.append(extended != null ? extended : BASIC.charAt(next));
            } else {
                text.append(BASIC.charAt(code));
            }
        }
        return text.toString();
    }

    /**
     * How many SMS segments the text takes: GSM-7 when it can, UCS-2 otherwise. An extended character counts
     * two septets.
     */
    public static int segments(String text) {
        Optional<byte[]> septets = encode(text);
        if (septets.isPresent()) {
            int length = septets.get().length;
            return length <= SINGLE_SEGMENT ? 1 : (length + CONCATENATED_SEGMENT - 1) / CONCATENATED_SEGMENT;
        }
        int units = text.length();
        return units <= UCS2_SINGLE_SEGMENT ? 1 : (units + UCS2_CONCATENATED_SEGMENT - 1) / UCS2_CONCATENATED_SEGMENT;
    }
}
