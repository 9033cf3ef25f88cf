package dev.skopos.jakarta.internal.config;

/** A required Skopos setting is missing or malformed; the message names the property, never a secret value. */
public final class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code problem} completes a sentence that starts with the property's name and environment variable. */
    public InvalidConfigurationException(SkoposProperty property, String problem) {
        super("Skopos configuration: " + property.describe() + " " + problem);
    }
}
