package dev.skopos.it.declared;

/** A plain superclass without {@code @TrackEvent}: its method is tracked by the annotated bean that inherits it. */
public abstract class Notifier {

    public String remind(String customer) {
        return "reminded " + customer;
    }
}
