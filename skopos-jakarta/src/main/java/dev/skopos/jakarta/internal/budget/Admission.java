package dev.skopos.jakarta.internal.budget;

/** How what an event brings (its record, its session, its JS error report) asks the memory budget for room. */
public enum Admission {
    /** A new event: only if the budget has room; else it is turned away, and counted. */
    IF_ROOM,
    /**
     * An event accepted already, which waited for the website's settings to load, or a record that carries no
     * data of its own (a session's end): whether the budget has room or not, since it must not be lost.
     */
    ACCEPTED
}
