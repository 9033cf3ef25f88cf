package dev.skopos.jakarta.internal.support;

import java.util.logging.Logger;

/**
 * Logs the failures nobody foresaw (an exception that is neither an answer of PocketBase's nor a failure of the
 * shared state's engine: a fault in the tracker or in what it runs on) at SEVERE, once per consequence and cause,
 * however many records meet them. The cause is the exception's type and the line that threw it. Its stack trace
 * is logged, but neither its message nor its causes': they may quote what the code was handed, which can be a
 * visitor's data. Thread-safe.
 */
public final class UnforeseenFailures {
    /** How many causes of a cause are logged, so that a cycle of causes cannot go on for ever. */
    private static final int MAX_CAUSES = 10;

    private final OnceLog once;

    public UnforeseenFailures(Logger log) {
        this.once = new OnceLog(log);
    }

    /**
     * Says, the first time {@code e}'s cause costs it, what the tracker did about it, as in "set a record aside".
     */
    public void failed(String consequence, Throwable e) {
        String cause = cause(e);
        once.severe(consequence + " / " + cause, () -> "Skopos " + consequence + " after an unexpected " + cause
                + " (logged once per cause)", withoutMessages(e, MAX_CAUSES));
    }

    /** The exception's type and the line that threw it. */
    private static String cause(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return e.getClass().getName() + (trace.length == 0 ? "" : " at " + trace[0]);
    }

    /** {@code e}'s stack trace, and those of its causes, each under its type's name alone. */
    private static Throwable withoutMessages(Throwable e, int causes) {
        Throwable cause = e.getCause() == null || causes == 0 ? null : withoutMessages(e.getCause(), causes - 1);
        Throwable trace = new Trace(e.getClass().getName(), cause);
        trace.setStackTrace(e.getStackTrace());
        return trace;
    }

    /** A stack trace printed under the type of the exception that left it, without its message. */
    private static final class Trace extends Throwable {
        private static final long serialVersionUID = 1L;
        private final String type;

        Trace(String type, Throwable cause) {
            super(null, cause, false, true);
            this.type = type;
        }

        @Override
        public String toString() {
            return type;
        }
    }
}
