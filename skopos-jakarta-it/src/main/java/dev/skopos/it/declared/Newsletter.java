package dev.skopos.it.declared;

import dev.skopos.jakarta.TrackEvent;

/** {@code @TrackEvent} on a superclass that is not a bean itself: the beans extending it inherit the event. */
@TrackEvent("newsletter_sent")
public abstract class Newsletter {

    public String send(String subscriber) {
        return "newsletter sent to " + subscriber;
    }
}
