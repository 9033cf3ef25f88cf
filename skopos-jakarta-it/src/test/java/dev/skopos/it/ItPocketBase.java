package dev.skopos.it;

import dev.skopos.jakarta.testing.PocketBaseServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The PocketBase of one integration test class. Listed before {@code ArquillianExtension} in
 * {@code @ExtendWith}, it starts before Arquillian deploys and stops after Arquillian undeploys, so the
 * tracker can drain into it on the way out. Where the adapter runs a server per deployment and undeploys by
 * signalling it to stop (Payara Micro), it also waits for that server to exit: the drain ends there, and the
 * next test class's server needs the port.
 */
public final class ItPocketBase implements BeforeAllCallback, AfterAllCallback {
    private static PocketBaseServer current;

    /** The website's domain for a test class; example.com when absent. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface WebsiteDomain {
        String value();
    }

    /** The running PocketBase of the current test class. */
    static PocketBaseServer pocketBase() {
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        WebsiteDomain domain = context.getRequiredTestClass().getAnnotation(WebsiteDomain.class);
        current = ItEnvironment.startPocketBase(domain == null ? "example.com" : domain.value());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ItEnvironment.serverPerDeployment()) {
            ItEnvironment.awaitServerExit();
        }
        current.close();
        current = null;
    }
}
