package fr.tocsin.contracts.cap;

/** A CAP message that is not safe or not valid CAP 1.2; the message says what and where. */
public class CapFormatException extends RuntimeException {

    public CapFormatException(String message) {
        super(message);
    }

    public CapFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
