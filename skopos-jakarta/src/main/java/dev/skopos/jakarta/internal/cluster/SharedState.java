package dev.skopos.jakarta.internal.cluster;

/** Where the instances of an application keep what they must share to count as one. */
public enum SharedState {
    /** In this instance's memory: for an application that runs as one instance. */
    LOCAL,
    /** In the JCache engine of the server or the class path, shared by every instance that uses it. */
    JCACHE
}
