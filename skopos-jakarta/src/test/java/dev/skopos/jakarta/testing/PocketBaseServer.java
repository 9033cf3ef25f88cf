package dev.skopos.jakarta.testing;

import dev.skopos.jakarta.internal.pocketbase.AdminCredentials;
import dev.skopos.jakarta.internal.pocketbase.ApiGeneration;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real PocketBase process for one test class, of the generation its binary is: a free loopback port (or a
 * given one), a fresh data directory, an administrator (0.22) or superuser (0.23+) with a random password, the
 * Skopos collections as a {@link DashboardLayout} defines them, set up the way users set them up (the scripts
 * of {@code server-config/pocketbase}), and one website record. {@link #stop()} and {@link #restart()} keep port
 * and data; {@link #close()} ends the process, also from a shutdown hook should the test JVM exit early.
 */
public final class PocketBaseServer implements AutoCloseable {
    public static final String BINARY_PROPERTY = "skopos.test.pocketbase-binary";
    /** The {@code server-config/pocketbase} folder: the collection definitions and the scripts that apply them. */
    public static final String SERVER_CONFIG_PROPERTY = "skopos.test.pocketbase-config";
    public static final String WORK_DIR_PROPERTY = "skopos.test.work-dir";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String WEBSITE_OWNER_EMAIL = "owner@skopos.test";
    /** The auth collection of tracker accounts that the access files define. */
    private static final String TRACKER_COLLECTION = "skopos_trackers";

    private final Path binary;
    private final Path serverConfig;
    private final String version;
    private final ApiGeneration generation;
    private final DashboardLayout layout;
    private final Path home;
    private final int port;
    private final String adminEmail;
    private final String adminPassword;
    private final String trackingId;
    private final PocketBaseAdmin admin;
    private final Thread shutdownHook = new Thread(this::stop, "pocketbase-test-shutdown");
    private Process process;
    private String websiteId;
    private String websiteOwnerId;

    private PocketBaseServer(Builder builder) {
        this.binary = Path.of(requiredProperty(BINARY_PROPERTY));
        this.serverConfig = Path.of(requiredProperty(SERVER_CONFIG_PROPERTY));
        this.version = versionOf(binary);
        this.generation = version.startsWith("0.22.") ? ApiGeneration.V0_22 : ApiGeneration.V0_23;
        this.layout = builder.layout;
        this.home = Path.of(System.getProperty(WORK_DIR_PROPERTY, System.getProperty("java.io.tmpdir")))
                .resolve("pocketbase-" + UUID.randomUUID());
        this.port = builder.port == 0 ? freePort() : builder.port;
        this.adminEmail = builder.adminEmail;
        this.adminPassword = builder.adminPassword == null ? randomPassword() : builder.adminPassword;
        this.trackingId = builder.trackingId;
        this.admin = new PocketBaseAdmin(url(), generation, adminEmail, adminPassword);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A provisioned instance on a free port with the default website. */
    public static PocketBaseServer start() {
        return builder().start();
    }

    /**
     * The same with the collections as {@code layout} defines them: {@link DashboardLayout#BEFORE_0_38} for the
     * tests of the daily summaries, which only such dashboards read.
     */
    public static PocketBaseServer startWith(DashboardLayout layout) {
        return builder().layout(layout).start();
    }

    /** The PocketBase version the binary reports, such as {@code 0.40.6}. */
    public String version() {
        return version;
    }

    public ApiGeneration generation() {
        return generation;
    }

    public DashboardLayout layout() {
        return layout;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String adminEmail() {
        return adminEmail;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** How the tracker logs in as this instance's administrator (0.22) or superuser (0.23+). */
    public AdminCredentials adminCredentials() {
        return new AdminCredentials(adminEmail, adminPassword);
    }

    public String trackingId() {
        return trackingId;
    }

    /** Id of the {@code websites} record created for {@link #trackingId()}. */
    public String websiteId() {
        return websiteId;
    }

    /** The id of the dashboard user who owns the website, where the layout ties websites to users; else empty. */
    public String websiteOwnerId() {
        return websiteOwnerId == null ? "" : websiteOwnerId;
    }

    public PocketBaseAdmin admin() {
        return admin;
    }

    /** The settings a tracker needs to write to this instance, as the environment variables that carry them. */
    public Map<String, String> trackerEnvironment() {
        return Map.of(
                "SKOPOS_POCKETBASE_URL", url(),
                "SKOPOS_ADMIN_EMAIL", adminEmail,
                "SKOPOS_ADMIN_PASSWORD", adminPassword,
                "SKOPOS_SITE_ID", trackingId);
    }

    /** The running PocketBase's process id, for reading its CPU time. */
    public synchronized long pid() {
        return process.pid();
    }

    private void provision(String domain, Set<String> omittedCollections) {
        try {
            Files.createDirectories(home.resolve("pb_migrations"));
            if (generation == ApiGeneration.V0_22) {
                pocketBase("migrate", "up");
                expectOutput(pocketBase("admin", "create", adminEmail, adminPassword), "Successfully created");
                launch();
                admin.importCollections(collectionsWithout(Files.readString(config("skopos-collections-v0.22.json")),
                        omittedCollections));
            } else {
                expectOutput(pocketBase("superuser", "upsert", adminEmail, adminPassword), "Successfully saved");
                launch();
                runScript("setup-collections.sh", Map.of(), config(layout.definitions()).toString());
                omittedCollections.stream().filter(admin::hasCollection).forEach(admin::deleteCollection);
            }
            JsonObjectBuilder website = Json.createObjectBuilder()
                    .add("name", "Test site").add("domain", domain).add("trackingId", trackingId);
            if (layout == DashboardLayout.CURRENT && generation == ApiGeneration.V0_23) {
                websiteOwnerId = admin.create("users", Json.createObjectBuilder().add("email", WEBSITE_OWNER_EMAIL)
                        .add("password", adminPassword).add("passwordConfirm", adminPassword).build()).getString("id");
                website.add("user", websiteOwnerId);
            }
            websiteId = admin.create("websites", website.build()).getString("id");
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("could not provision PocketBase in " + home, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Sets one of the website's settings kept per owner since dashboard 0.46 ({@code storeRawIp},
     * {@code discardShortSessions}): in an {@code app_settings} record of the website's owner where the
     * layout has them there, else on the {@code websites} record.
     */
    public void setWebsiteSetting(String key, boolean value) {
        if (websiteOwnerId == null) {
            admin.update("websites", websiteId, Json.createObjectBuilder().add(key, value).build());
            return;
        }
        JsonObject setting = Json.createObjectBuilder().add("user", websiteOwnerId).add("key", key)
                .add("value", String.valueOf(value)).build();
        admin.list("app_settings", "user = '" + websiteOwnerId + "' && key = '" + key + "'").stream().findFirst()
                .ifPresentOrElse(existing -> admin.update("app_settings", existing.getString("id"), setting),
                        () -> admin.create("app_settings", setting));
    }

    /**
     * Applies the least-privilege access ({@code apply-tracker-access.sh}, as users apply it) and creates a
     * tracker account bound to this instance's website; returns the auth collection's name.
     */
    public String createTrackerAccount(String email, String password) {
        runScript("apply-tracker-access.sh", Map.of("POCKETBASE_GENERATION", generation == ApiGeneration.V0_22
                ? "0.22" : "0.23", "SITE_ID", trackingId, "TRACKER_EMAIL", email, "TRACKER_PASSWORD", password));
        return TRACKER_COLLECTION;
    }

    /** A fresh tracker account ({@link #createTrackerAccount}) with a random password, as the tracker logs in. */
    public AdminCredentials createTrackerAccount() {
        String email = "tracker@skopos.test";
        String password = "tracker-" + UUID.randomUUID();
        return new AdminCredentials(email, password, Optional.of(createTrackerAccount(email, password)));
    }

    /**
     * Holds the write lock of PocketBase's database for {@code duration}, as a long write of another process
     * does, from a separate process (Python's sqlite3); returns once the lock is held. Closing waits for its end.
     */
    public AutoCloseable holdDatabaseLock(Duration duration) {
        String hold = "import sqlite3, sys, time\n"
                + "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                + "db.execute('BEGIN EXCLUSIVE')\n"
                + "print('locked', flush=True)\n"
                + "time.sleep(float(sys.argv[2]))\n"
                + "db.execute('ROLLBACK')\n";
        try {
            Process holder = new ProcessBuilder("python3", "-c", hold, home.resolve("pb_data/data.db").toString(),
                    String.valueOf(duration.toMillis() / 1000.0)).redirectErrorStream(true).start();
            String first = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (!"locked".equals(first)) {
                throw new IllegalStateException("could not lock PocketBase's database: " + first);
            }
            return () -> holder.waitFor(duration.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the process again on the same port and data after {@link #stop()}. */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("PocketBase is still running");
        }
        launch();
    }

    private synchronized void launch() {
        List<String> command = command("serve", "--http", "127.0.0.1:" + port);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("pocketbase.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitHealthy();
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/api/health"))
                .timeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PocketBase exited at start; see " + home.resolve("pocketbase.log"));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pollPause();
        }
        throw new IllegalStateException("PocketBase did not answer on " + url() + " within " + START_TIMEOUT);
    }

    private static void pollPause() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the process, keeping its port and data for {@link #restart()}. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    private String pocketBase(String... arguments) throws IOException {
        Process run = new ProcessBuilder(command(arguments)).redirectErrorStream(true).start();
        try {
            byte[] output = run.getInputStream().readAllBytes();
            if (!run.waitFor(30, TimeUnit.SECONDS)) {
                run.destroyForcibly();
                throw new IllegalStateException("pocketbase " + arguments[0] + " did not finish");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (run.exitValue() != 0) {
                throw new IllegalStateException("pocketbase " + arguments[0] + " failed: " + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Before 0.40 a failing command still exits 0: only its output tells. */
    private static void expectOutput(String output, String success) {
        if (!output.contains(success)) {
            throw new IllegalStateException("PocketBase did not provision the test administrator: " + output);
        }
    }

    /** Runs a script of {@code server-config/pocketbase} against this instance, as its administrator. */
    private void runScript(String script, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", config(script).toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder run = new ProcessBuilder(command).redirectErrorStream(true);
        run.environment().putAll(environment);
        run.environment().put("POCKETBASE_URL", url());
        run.environment().put("ADMIN_TOKEN", admin.login());
        try {
            Process process = run.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path config(String file) {
        return serverConfig.resolve(file);
    }

    /** The version the binary prints: {@code pocketbase version 0.40.6}. */
    private static String versionOf(Path binary) {
        try {
            Process run = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            run.waitFor(30, TimeUnit.SECONDS);
            return output.substring(output.lastIndexOf(' ') + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every command runs as a release build, so the binary never writes or replays migration files. */
    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("--dir", home.resolve("pb_data").toString(), "--dev=false", "--automigrate=false",
                "--migrationsDir", home.resolve("pb_migrations").toString()));
        return command;
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    /** The collections definition without those named in {@code omitted}. */
    private static String collectionsWithout(String collectionsJson, Set<String> omitted) {
        try (JsonReader reader = Json.createReader(new StringReader(collectionsJson))) {
            JsonArrayBuilder kept = Json.createArrayBuilder();
            reader.readArray().getValuesAs(JsonObject.class).stream()
                    .filter(collection -> !omitted.contains(collection.getString("name")))
                    .forEach(kept::add);
            return kept.build().toString();
        }
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests through Maven");
        }
        return value;
    }

    /** Options for a test instance; every one has a default. */
    public static final class Builder {
        private int port;
        private String adminEmail = "admin@skopos.test";
        private String adminPassword;
        private String trackingId = "test-site";
        private String domain = "example.com";
        private DashboardLayout layout = DashboardLayout.CURRENT;
        private final Set<String> omittedCollections = new HashSet<>();

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder admin(String email, String password) {
            this.adminEmail = email;
            this.adminPassword = password;
            return this;
        }

        public Builder trackingId(String trackingId) {
            this.trackingId = trackingId;
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** The collections as {@code layout} defines them; {@link DashboardLayout#CURRENT} by default. */
        public Builder layout(DashboardLayout layout) {
            this.layout = layout;
            return this;
        }

        /** Provisions the schema without {@code collection}. */
        public Builder withoutCollection(String collection) {
            omittedCollections.add(collection);
            return this;
        }

        /** Starts and provisions the instance. */
        public PocketBaseServer start() {
            PocketBaseServer server = new PocketBaseServer(this);
            server.provision(domain, Set.copyOf(omittedCollections));
            return server;
        }
    }
}
