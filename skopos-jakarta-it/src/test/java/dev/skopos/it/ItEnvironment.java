package dev.skopos.it;

import dev.skopos.jakarta.testing.PocketBaseServer;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.URI;

/**
 * What every Liberty integration test shares: the WAR the build produced, unchanged, and a PocketBase on
 * the port and with the administrator that the Liberty server was configured with (Failsafe passes the
 * {@code SKOPOS_*} environment to Liberty as a user would).
 */
final class ItEnvironment {

    private ItEnvironment() {
    }

    static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("skopos.it.war")));
    }

    /** A fresh PocketBase where the deployed tracker expects it, for a website on {@code domain}. */
    static PocketBaseServer startPocketBase(String domain) {
        return PocketBaseServer.builder()
                .port(URI.create(System.getenv("SKOPOS_POCKETBASE_URL")).getPort())
                .admin(System.getenv("SKOPOS_ADMIN_EMAIL"), System.getenv("SKOPOS_ADMIN_PASSWORD"))
                .trackingId(System.getenv("SKOPOS_SITE_ID"))
                .domain(domain)
                .start();
    }

    /** The Liberty server's root, where MicroProfile Health answers. */
    static URI serverRoot() {
        return URI.create("http://127.0.0.1:" + System.getProperty("skopos.it.liberty-port"));
    }
}
