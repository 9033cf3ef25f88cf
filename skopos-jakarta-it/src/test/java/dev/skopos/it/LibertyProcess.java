package dev.skopos.it;

import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An Open Liberty server of its own running the integration-test WAR, started with {@code server run} from the
 * build's Liberty install as a child process (not through Arquillian, which never kills a server), configured
 * through environment variables as users do it. Its server directory lives under the work directory given
 * ({@code WLP_USER_DIR}), apart from the servers Arquillian manages; its output goes to {@code <name>.log} there.
 */
final class LibertyProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration START_UP = Duration.ofMinutes(3);

    private final String name;
    private final Path userDir;
    private final Map<String, String> environment;
    private final URI root;
    private final Path log;
    private Process process;

    private LibertyProcess(String name, Path userDir, Map<String, String> environment, URI root, Path log) {
        this.name = name;
        this.userDir = userDir;
        this.environment = environment;
        this.root = root;
        this.log = log;
    }

    /**
     * Lays out server {@code name} under {@code workDir} with the project's {@code server.xml} and the WAR at its
     * usual context root, on a free port; {@link #start()} runs it.
     *
     * @param environment the {@code SKOPOS_*} settings, instead of any the test JVM has
     */
    static LibertyProcess create(String name, Path workDir, Map<String, String> environment) throws IOException {
        Path userDir = workDir.resolve("usr");
        Path server = userDir.resolve("servers").resolve(name);
        Files.createDirectories(server.resolve("apps"));
        Files.createDirectories(server.resolve("configDropins/overrides"));
        Path project = Path.of(System.getProperty("skopos.it.root"));
        Files.copy(project.resolve("server-config/liberty/server.xml"), server.resolve("server.xml"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(System.getProperty("skopos.it.war")), server.resolve("apps/skopos-it.war"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(server.resolve("configDropins/overrides/application.xml"), "<server>\n"
                + "    <webApplication id=\"skopos-it\" location=\"skopos-it.war\" contextRoot=\"/"
                + ItEnvironment.CONTEXT_ROOT + "\"/>\n</server>\n");
        int port = PocketBaseServer.freePort();
        Files.writeString(server.resolve("bootstrap.properties"), "http.port=" + port + "\n");
        return new LibertyProcess(name, userDir, Map.copyOf(environment),
                URI.create("http://127.0.0.1:" + port + "/"), workDir.resolve(name + ".log"));
    }

    /** Runs the server in the foreground of a child process; {@link #awaitDeployed()} waits for the WAR. */
    void start() throws IOException {
        Path wlp = Path.of(System.getProperty("skopos.it.liberty-home"));
        ProcessBuilder builder = new ProcessBuilder(List.of(wlp.resolve("bin/server").toString(), "run", name))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(variable -> variable.startsWith("SKOPOS_"));
        builder.environment().putAll(environment);
        builder.environment().put("WLP_USER_DIR", userDir.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JVM_ARGS", "-Xmx384m");
        process = builder.start();
    }

    /** Where the WAR answers. */
    URI application() {
        return root.resolve(ItEnvironment.CONTEXT_ROOT + "/");
    }

    /** Waits until the WAR is deployed: the tracker's readiness check answers, whether PocketBase is up or not. */
    void awaitDeployed() {
        await().atMost(START_UP).pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    assertRunning();
                    return readiness().isPresent();
                });
    }

    /** The data of the tracker's readiness check, once it answers. */
    JsonObject readinessData() throws IOException, InterruptedException {
        return readiness().orElseThrow(() -> new AssertionError("no readiness check answers on " + this))
                .getJsonObject("data");
    }

    private Optional<JsonObject> readiness() throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(root.resolve("health/ready"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (!answer.body().contains(ReadinessCheck.POCKETBASE)) {
            return Optional.empty();
        }
        return Optional.of(ReadinessCheck.check(answer, ReadinessCheck.POCKETBASE));
    }

    /** Ends a wait at once when the process has exited: it will not start answering. */
    private void assertRunning() {
        if (!process.isAlive()) {
            throw new IllegalStateException(this + " exited with " + process.exitValue());
        }
    }

    /**
     * Kills the server's JVM with SIGKILL, as the kernel's OOM killer or {@code kill -9} does: no shutdown hook,
     * no drain. {@code server run} execs the JVM, so the child is the JVM itself; anything it started goes too.
     */
    void kill() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        assertThat(process.toHandle().info().command()).as("the JVM of %s", this)
                .hasValueSatisfying(command -> assertThat(command).endsWith("java"));
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s died", this).isTrue();
        assertThat(process.exitValue()).as("exit status of %s: killed by SIGKILL", this).isEqualTo(128 + 9);
    }

    /** Stops it with SIGTERM and waits until it has shut down. */
    void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("%s stopped after SIGTERM", this).isTrue();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Open Liberty server " + name + " (see " + log + ")";
    }
}
