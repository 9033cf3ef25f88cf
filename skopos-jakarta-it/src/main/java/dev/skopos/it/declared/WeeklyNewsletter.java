package dev.skopos.it.declared;

import jakarta.enterprise.context.ApplicationScoped;

/** A bean with no annotation of its own but its scope: its superclass declares the event. */
@ApplicationScoped
public class WeeklyNewsletter extends Newsletter {
}
