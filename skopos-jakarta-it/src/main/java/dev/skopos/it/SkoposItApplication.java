package dev.skopos.it;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The integration-test application: it lists no classes, so the container finds Skopos' own. */
@ApplicationPath("/api")
public class SkoposItApplication extends Application {
}
