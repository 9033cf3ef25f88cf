package dev.skopos.it;

import dev.skopos.jakarta.testing.PocketBaseServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Payara Micro instance running the integration-test WAR in a JVM of its own, as a member of a Hazelcast
 * cluster on loopback only, configured through environment variables as users do it. Its output goes to
 * {@code <work dir>/<name>.log}, which every failure message names.
 */
final class PayaraMicroMember implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration START_UP = Duration.ofMinutes(3);

    private final String name;
    private final URI root;
    private final Path log;
    private final Process process;

    private PayaraMicroMember(String name, URI root, Path log, Process process) {
        this.name = name;
        this.root = root;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts member {@code name} of {@code cluster}, which it finds (or founds) at Hazelcast port
     * {@code clusterPort}; it binds that port or the next free one after it.
     *
     * @param environment the {@code SKOPOS_*} settings, instead of any the test JVM has
     */
    static PayaraMicroMember start(String name, String cluster, int clusterPort, Map<String, String> environment,
                                   Path workDir) throws IOException {
        int httpPort = PocketBaseServer.freePort();
        Path log = workDir.resolve(name + ".log");
        // a reused root directory keeps earlier deployments
        Path rootDir = workDir.resolve(name + "-root");
        ItEnvironment.deleteTree(rootDir);
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", System.getProperty("skopos.it.payara-micro-jar"),
                "--deploy", System.getProperty("skopos.it.war"),
                "--port", String.valueOf(httpPort),
                "--name", name,
                "--clustername", cluster,
                "--clustermode", "tcpip:127.0.0.1:" + clusterPort,
                "--startport", String.valueOf(clusterPort),
                "--interfaces", "127.0.0.1",
                "--disablephonehome",
                "--rootdir", rootDir.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("SKOPOS_"));
        builder.environment().putAll(environment);
        return new PayaraMicroMember(name, URI.create("http://127.0.0.1:" + httpPort + "/"), log, builder.start());
    }

    String name() {
        return name;
    }

    /** Where the WAR answers; its context root is the archive's name. */
    URI application() {
        return root.resolve(ItEnvironment.CONTEXT_ROOT + "/");
    }

    /**
     * Waits until the tracker reports ready and PocketBase up: the application is deployed and reaches
     * PocketBase (readiness alone stays UP without it).
     */
    void awaitReady() {
        URI ready = root.resolve("health/ready");
        await().atMost(START_UP).pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    assertRunning();
                    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(ready)
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as("%s of %s", ready, this).isEqualTo(200);
                    assertThat(answer.body()).as("%s of %s", ready, this)
                            .containsPattern("\"pocketbase\"\\s*:\\s*\"up\"");
                });
    }

    /** Waits until the output holds {@code text}. */
    void awaitOutput(String text, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertRunning();
            assertThat(output()).as("output of %s", this).contains(text);
        });
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** Ends a wait at once when the process has exited: it will not start answering. */
    private void assertRunning() {
        if (!process.isAlive()) {
            throw new IllegalStateException(this + " exited with " + process.exitValue());
        }
    }

    /** Kills the Payara Micro JVM itself with SIGKILL and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s died", this).isTrue();
    }

    /** Stops it with SIGTERM, as an orchestrator does, and waits until it has shut down. */
    void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("%s stopped after SIGTERM", this).isTrue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "Payara Micro " + name + " (see " + log + ")";
    }
}
