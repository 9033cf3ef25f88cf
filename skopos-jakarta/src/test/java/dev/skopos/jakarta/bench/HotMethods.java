package dev.skopos.jakarta.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a JVM spent its CPU, from the execution samples of a Flight Recorder file: the methods at the top of the
 * sampled stacks (self time), and each sample charged to the nearest method of one package below the top (that
 * method's own time plus the library and JDK code it calls), so that the package's costliest calls stand out
 * from the server's own work.
 */
final class HotMethods {
    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> nearest = new HashMap<>();
    private final String packagePrefix;
    private final String none;
    private int samples;

    private HotMethods(String packagePrefix) {
        this.packagePrefix = packagePrefix;
        this.none = "(none of " + packagePrefix + "* on the stack)";
    }

    static HotMethods read(Path recording, String packagePrefix) throws IOException {
        HotMethods hot = new HotMethods(packagePrefix);
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                    hot.add(event.getStackTrace().getFrames());
                }
            }
        }
        return hot;
    }

    private void add(List<RecordedFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        samples++;
        self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
        nearest.merge(frames.stream().map(frame -> name(frame.getMethod()))
                .filter(name -> name.startsWith(packagePrefix)).findFirst().orElse(none), 1, Integer::sum);
    }

    /** The part of the samples charged to the package. */
    double packageShare() {
        return samples == 0 ? 0 : 1 - nearest.getOrDefault(none, 0) / (double) samples;
    }

    private static String name(RecordedMethod method) {
        return method.getType().getName() + "." + method.getName();
    }

    /** The top {@code count} methods by self time, and by the package's nearest method. */
    String report(int count) {
        return String.format(Locale.ROOT, "%d execution samples%n%ntop methods, self time:%n%s%n"
                        + "samples charged to the nearest %s method on the stack:%n%s", samples, top(self, count),
                packagePrefix, top(nearest, count));
    }

    private String top(Map<String, Integer> counts, int count) {
        StringBuilder lines = new StringBuilder();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(count)
                .forEach(entry -> lines.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n",
                        100.0 * entry.getValue() / samples, entry.getKey())));
        return lines.toString();
    }
}
