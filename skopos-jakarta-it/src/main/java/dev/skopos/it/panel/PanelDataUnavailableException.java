package dev.skopos.it.panel;

/** The panel's figures cannot be read now; the message says why and is safe to show in the browser. */
public class PanelDataUnavailableException extends RuntimeException {

    PanelDataUnavailableException(String message) {
        super(message);
    }

    PanelDataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
