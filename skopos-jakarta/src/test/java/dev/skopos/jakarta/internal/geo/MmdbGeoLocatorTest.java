package dev.skopos.jakarta.internal.geo;

import dev.skopos.jakarta.testing.GeoDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lookups in real MaxMind DB files of both record layouts. */
class MmdbGeoLocatorTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private static Location locate(List<Path> databases, String address) throws UnknownHostException {
        try (MmdbGeoLocator locator = MmdbGeoLocator.open(databases)) {
            return locator.locate(ip(address));
        }
    }

    @Test
    void readsCountryCodeAndStateFromTheFlatDbIpLayout() throws Exception {
        assertThat(locate(GeoDatabases.dbipCity(), "8.8.8.8")).isEqualTo(new Location("US", "California"));
        assertThat(locate(GeoDatabases.dbipCity(), "2a00:1450:4001::1")).isEqualTo(new Location("DE", "Hesse"));
    }

    @Test
    void readsCountryCodeAndFirstSubdivisionFromTheMaxMindLayout() throws Exception {
        List<Path> geoLite2 = List.of(GeoDatabases.maxMindLayout());

        assertThat(locate(geoLite2, "81.2.69.142")).isEqualTo(new Location("GB", "England"));
        assertThat(locate(geoLite2, "128.101.101.101")).isEqualTo(new Location("US", "Minnesota"));
        assertThat(locate(geoLite2, "2a00:1450:4001::1")).isEqualTo(new Location("IE", "Unknown"));
    }

    @Test
    void aCountryWithoutSubdivisionHasAnUnknownState() throws Exception {
        assertThat(locate(List.of(GeoDatabases.maxMindLayout()), "8.8.8.8")).isEqualTo(new Location("US", "Unknown"));
    }

    @Test
    void anAddressNoDatabaseHoldsIsUnknown() throws Exception {
        assertThat(locate(GeoDatabases.dbipCity(), "198.51.100.7")).isEqualTo(Location.UNKNOWN);
        assertThat(locate(List.of(GeoDatabases.maxMindLayout()), "2001:db8::1")).isEqualTo(Location.UNKNOWN);
    }

    @Test
    void anIpv6AddressIsNeverLookedUpInAnIpv4OnlyFile() throws Exception {
        Path ipv4Only = GeoDatabases.dbipCity().get(0);

        // read as IPv4, the first 32 bits of 2a00:1450:: would land on some unrelated network
        assertThat(locate(List.of(ipv4Only), "2a00:1450:4001::1")).isEqualTo(Location.UNKNOWN);
        assertThat(locate(List.of(ipv4Only), "::ffff:8.8.8.8")).isEqualTo(new Location("US", "California"));
    }

    @Test
    void theFirstFileThatKnowsTheAddressAnswers() throws Exception {
        List<Path> both = List.of(GeoDatabases.maxMindLayout(), GeoDatabases.dbipCity().get(0));

        assertThat(locate(both, "81.2.69.142")).isEqualTo(new Location("GB", "England"));
        assertThat(locate(List.of(GeoDatabases.dbipCity().get(1), GeoDatabases.dbipCity().get(0)), "8.8.8.8"))
                .isEqualTo(new Location("US", "California"));
    }

    @Test
    void privateLoopbackAndLinkLocalAddressesAreUnknownWithoutALookup() throws Exception {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.20", "169.254.1.1",
                "0.0.0.0", "::1", "fd12:3456::1", "fe80::1")) {
            assertThat(MmdbGeoLocator.isPublic(ip(address))).as(address).isFalse();
        }
        assertThat(MmdbGeoLocator.isPublic(ip("8.8.8.8"))).isTrue();
        assertThat(MmdbGeoLocator.isPublic(ip("2a00:1450:4001::1"))).isTrue();
    }

    @Test
    void aFileThatIsNotAMaxMindDatabaseFailsNamingTheFile(@TempDir Path folder) throws Exception {
        Path notADatabase = Files.writeString(folder.resolve("GeoLite2-City.mmdb"), "<html>404</html>");

        assertThatThrownBy(() -> MmdbGeoLocator.open(List.of(GeoDatabases.maxMindLayout(), notADatabase)))
                .isInstanceOfSatisfying(UnreadableDatabaseException.class,
                        unreadable -> assertThat(unreadable.file()).isEqualTo(notADatabase))
                .hasMessageStartingWith("'" + notADatabase + "' is not a MaxMind DB file");
    }
}
