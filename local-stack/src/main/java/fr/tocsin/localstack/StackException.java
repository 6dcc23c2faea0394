package fr.tocsin.localstack;

/** A failure of the local stack worth one clear sentence to the user rather than a stack trace. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
