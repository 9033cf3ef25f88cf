package dev.skopos.jakarta.config;

/** A required Skopos setting is missing or malformed; the message names the property, never a secret value. */
public final class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidConfigurationException(String message) {
        super(message);
    }
}
