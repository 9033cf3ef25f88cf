package dev.skopos.jakarta.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The heap of another JVM on this machine, read with the JDK's {@code jcmd}. */
final class JvmHeap {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private JvmHeap() {
    }

    /** Bytes the JVM's heap holds once a full collection has run: what it keeps alive. */
    static long retained(long pid) {
        Jcmd.run(pid, "GC.run");
        return used(pid);
    }

    /** Bytes of the JVM's heap in use now, garbage included. */
    static long used(long pid) {
        Matcher used = USED.matcher(Jcmd.run(pid, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd printed no heap use for " + pid);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }
}
