package dev.skopos.jakarta.intake;

/** A payload or server event that breaks a payload rule ({@link PayloadValidator}); the message says which. */
public final class InvalidEventException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }
}
