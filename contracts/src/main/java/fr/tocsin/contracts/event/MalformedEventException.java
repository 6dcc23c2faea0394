package fr.tocsin.contracts.event;

/** An event that cannot be read: consumers skip it (and log it) rather than block their partition. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
