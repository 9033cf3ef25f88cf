package dev.skopos.it;

/** A checked business failure: an application exception, which the container passes to the caller unchanged. */
public class UnknownOrderException extends Exception {

    public UnknownOrderException(String orderId) {
        super("no order " + orderId);
    }
}
