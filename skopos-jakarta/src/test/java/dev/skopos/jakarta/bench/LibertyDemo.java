package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.testing.PocketBaseServer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The demo application on Open Liberty, started the way users start it, by {@code server-config/demo.sh}
 * against a given PocketBase, with {@code SKOPOS_*} settings as environment variables. Closing it sends SIGTERM,
 * on which the script stops Liberty gracefully (the tracker drains).
 */
final class LibertyDemo implements AutoCloseable {
    private final Process script;
    private final Path output;
    private final int port;
    private final long jvmPid;

    private LibertyDemo(Process script, Path output, int port) {
        this.script = script;
        this.output = output;
        this.port = port;
        this.jvmPid = libertyJvm(script, output);
    }

    /** Starts the demo with the WAR already built and waits until it serves. */
    static LibertyDemo start(Path root, PocketBaseServer pocketBase, Map<String, String> settings, Path output)
            throws IOException {
        int port = PocketBaseServer.freePort();
        ProcessBuilder demo = new ProcessBuilder("bash", root.resolve("server-config/demo.sh").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> environment = demo.environment();
        environment.keySet().removeIf(name -> name.startsWith("SKOPOS_"));
        environment.putAll(settings);
        environment.putAll(pocketBase.trackerEnvironment());
        environment.putAll(Map.of(
                "SKOPOS_DEMO_PORT", String.valueOf(port),
                "SKOPOS_DEMO_SKIP_BUILD", "1",
                // deep enough for the tracker's frames under Liberty's on a profile's sampled stacks
                "JVM_ARGS", "-XX:FlightRecorderOptions:stackdepth=128"));
        Process script = demo.start();
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!script.isAlive()) {
                    throw new IllegalStateException("demo.sh exited; see " + output);
                }
                return Files.readString(output).contains("[demo] demo:");
            });
            return new LibertyDemo(script, output, port);
        } catch (RuntimeException e) {
            stop(script);
            throw e;
        }
    }

    URI eventEndpoint() {
        return URI.create("http://127.0.0.1:" + port + "/api/event");
    }

    /** The demo's endpoint that reads a browser event's request and answers like {@code /api/event}, untracked. */
    URI baselineEndpoint() {
        return URI.create("http://127.0.0.1:" + port + "/api/baseline");
    }

    /** Liberty's readiness check, whose data holds the tracker's delivery counts. */
    URI readinessEndpoint() {
        return URI.create("http://127.0.0.1:" + port + "/health/ready");
    }

    /** The process id of the Liberty JVM. */
    long pid() {
        return jvmPid;
    }

    @Override
    public void close() {
        stop(script);
    }

    private static void stop(Process script) {
        script.destroy();
        try {
            if (!script.waitFor(2, TimeUnit.MINUTES)) {
                script.descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM {@code server run} started: the script's descendant running Liberty's launcher. */
    private static long libertyJvm(Process script, Path output) {
        return script.descendants()
                .filter(process -> process.info().arguments().stream().flatMap(Arrays::stream)
                        .anyMatch(argument -> argument.endsWith("ws-server.jar")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Liberty JVM under demo.sh; see " + output))
                .pid();
    }
}
