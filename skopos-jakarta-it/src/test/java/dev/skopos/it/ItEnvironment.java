package dev.skopos.it;

import dev.skopos.jakarta.testing.PocketBaseServer;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * What every integration test shares, whichever server runs it: the WAR the build produced, unchanged, and a
 * PocketBase on the port and with the administrator that the server was configured with (Failsafe passes the
 * {@code SKOPOS_*} environment to the server as a user would).
 */
final class ItEnvironment {
    static final String CONTEXT_ROOT = "skopos-jakarta-it";
    /** PocketBase's default for the most writes in one batch. */
    static final int BATCH_SIZE = 50;

    private ItEnvironment() {
    }

    static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("skopos.it.war")));
    }

    /** The same WAR with batching on, the given interval and a batch size no test reaches. */
    static WebArchive batchingWar(String interval) {
        return war().addAsResource(new StringAsset("skopos.batch=true\nskopos.batch-interval=" + interval
                + "\nskopos.max-batch-size=10000\n"), "META-INF/microprofile-config.properties");
    }

    /**
     * A fresh PocketBase where the deployed tracker expects it, for a website on {@code domain}, with batch writes
     * on (as in the demo; the unit tests run mostly without) and the tracker's login: the administrator the tests
     * use, or, where the server is configured with an auth collection, a least-privilege tracker account created
     * as users do it.
     */
    static PocketBaseServer startPocketBase(String domain) {
        PocketBaseServer server = PocketBaseServer.builder()
                .port(URI.create(System.getenv("SKOPOS_POCKETBASE_URL")).getPort())
                .admin(System.getProperty("skopos.it.pocketbase-admin-email"),
                        System.getProperty("skopos.it.pocketbase-admin-password"))
                .trackingId(System.getenv("SKOPOS_SITE_ID"))
                .domain(domain)
                .start();
        server.admin().setBatches(true, BATCH_SIZE);
        if (trackerHasLeastPrivilege()) {
            String collection = server.createTrackerAccount(System.getenv("SKOPOS_ADMIN_EMAIL"),
                    System.getenv("SKOPOS_ADMIN_PASSWORD"));
            if (!collection.equals(System.getenv("SKOPOS_AUTH_COLLECTION"))) {
                server.close();
                throw new IllegalStateException("the access file defines " + collection + ", the server is told "
                        + System.getenv("SKOPOS_AUTH_COLLECTION"));
            }
        }
        return server;
    }

    /** Whether the tracker logs in as a record of an auth collection rather than as administrator. */
    static boolean trackerHasLeastPrivilege() {
        return System.getenv("SKOPOS_AUTH_COLLECTION") != null;
    }

    /** Whether the Arquillian adapter starts a server for each deployment and stops it on undeploy. */
    static boolean serverPerDeployment() {
        return Boolean.getBoolean("skopos.it.server-per-deployment");
    }

    /** Waits until nothing listens on the application port any more: the server process has exited. */
    static void awaitServerExit() {
        URI root = serverRoot();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(root.getHost(), root.getPort()), 1000);
                return false;
            } catch (IOException refused) {
                return true;
            }
        });
    }

    /** Where the deployed WAR answers: its context root is the archive's name on every server. */
    static URI application() {
        return serverRoot().resolve(CONTEXT_ROOT + "/");
    }

    /** Where the server serves applications. */
    private static URI serverRoot() {
        return URI.create(System.getProperty("skopos.it.app-root"));
    }

    /**
     * Where the server answers MicroProfile Health: the application port on Open Liberty and Payara Micro,
     * the management port on WildFly.
     */
    static URI healthRoot() {
        return URI.create(System.getProperty("skopos.it.health-root"));
    }

    /** Deletes a directory and everything in it, if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
