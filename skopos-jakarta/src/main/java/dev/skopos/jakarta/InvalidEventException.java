package dev.skopos.jakarta;

/**
 * A server event or identification that breaks a rule of what the tracker stores (a name's length, the
 * types and size of its data); the message says which. Nothing of it is stored.
 */
public final class InvalidEventException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * An event that breaks the rule {@code message} names.
     *
     * @param message which rule, without the client's text
     */
    public InvalidEventException(String message) {
        super(message);
    }
}
