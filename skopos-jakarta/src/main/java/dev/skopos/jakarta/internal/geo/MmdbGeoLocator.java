package dev.skopos.jakarta.internal.geo;

import com.maxmind.db.DeserializationException;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Looks addresses up in local MaxMind DB files, memory-mapped, never over the network. Reads both record
 * layouts in use, telling them apart per record: MaxMind's GeoIP2/GeoLite2 City and Country
 * ({@code country.iso_code}, {@code subdivisions[0].names.en}) and the flat one of the DB-IP Lite files that
 * the ip-location-db project publishes ({@code country_code}, {@code state1}). Private, loopback and other
 * non-public addresses are {@link Location#UNKNOWN} without a lookup.
 */
final class MmdbGeoLocator implements GeoLocator {
    private static final Logger LOG = Logger.getLogger(MmdbGeoLocator.class.getName());

    private final List<Database> databases;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    private record Database(Path file, Reader reader) {
        /** An IPv4-only tree would read the first 32 bits of an IPv6 address as an IPv4 one: a wrong answer. */
        boolean holds(InetAddress address) {
            return !(address instanceof Inet6Address) || reader.getMetadata().ipVersion() == 6;
        }
    }

    private MmdbGeoLocator(List<Database> databases) {
        this.databases = databases;
    }

    /** Opens every file, or none: a file that is not a MaxMind DB fails the deployment. */
    static MmdbGeoLocator open(List<Path> files) {
        List<Database> opened = new ArrayList<>();
        for (Path file : files) {
            try {
                Reader reader = new Reader(file.toFile());
                opened.add(new Database(file, reader));
                Metadata metadata = reader.getMetadata();
                LOG.info(() -> "Skopos geolocates visitors with " + file.getFileName() + " ("
                        + metadata.databaseType() + ", IPv" + metadata.ipVersion() + ", built "
                        + LocalDate.ofInstant(metadata.buildTime(), ZoneOffset.UTC) + ")");
            } catch (IOException | RuntimeException e) {
                new MmdbGeoLocator(opened).close();
                throw new UnreadableDatabaseException(file, e);
            }
        }
        return new MmdbGeoLocator(List.copyOf(opened));
    }

    @Override
    public Location locate(InetAddress address) {
        if (!isPublic(address)) {
            return Location.UNKNOWN;
        }
        for (Database database : databases) {
            if (database.holds(address)) {
                Location found = lookUp(database, address);
                if (!found.equals(Location.UNKNOWN)) {
                    return found;
                }
            }
        }
        return Location.UNKNOWN;
    }

    private Location lookUp(Database database, InetAddress address) {
        try {
            GeoRecord record = database.reader().get(address, GeoRecord.class);
            return record == null ? Location.UNKNOWN : record.location();
        } catch (IOException | DeserializationException e) {
            // a damaged or foreign file fails every lookup the same way: say so once, then answer Unknown
            if (failureLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "Skopos cannot read locations from " + database.file()
                        + "; visitors it does not locate are stored as Unknown", e);
            }
            return Location.UNKNOWN;
        }
    }

    static boolean isPublic(InetAddress address) {
        boolean uniqueLocalIpv6 = address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
        return !(address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalIpv6);
    }

    @Override
    public void close() {
        for (Database database : databases) {
            try {
                database.reader().close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "Skopos could not close " + database.file(), e);
            }
        }
    }

    /**
     * The fields Skopos reads from a record of either layout; the reader skips all others. Public, with public
     * constructors, because the reader creates them by reflection.
     */
    public record GeoRecord(
            @MaxMindDbParameter(name = "country") Country country,
            @MaxMindDbParameter(name = "subdivisions") List<Subdivision> subdivisions,
            @MaxMindDbParameter(name = "country_code") String countryCode,
            @MaxMindDbParameter(name = "state1") String state1) {
        @MaxMindDbConstructor
        public GeoRecord {
        }

        Location location() {
            if (country != null && present(country.isoCode())) {
                Subdivision first = subdivisions == null || subdivisions.isEmpty() ? null : subdivisions.get(0);
                return located(country.isoCode(), first == null || first.names() == null ? null
                        : first.names().en());
            }
            return present(countryCode) ? located(countryCode, state1) : Location.UNKNOWN;
        }

        private static Location located(String countryCode, String state) {
            return new Location(countryCode.trim().toUpperCase(Locale.ROOT),
                    present(state) ? state.trim() : Location.UNKNOWN_VALUE);
        }

        private static boolean present(String value) {
            return value != null && !value.isBlank();
        }
    }

    /** MaxMind layout: the country a record locates. */
    public record Country(@MaxMindDbParameter(name = "iso_code") String isoCode) {
        @MaxMindDbConstructor
        public Country {
        }
    }

    /** MaxMind layout: a region, largest first. */
    public record Subdivision(@MaxMindDbParameter(name = "names") Names names) {
        @MaxMindDbConstructor
        public Subdivision {
        }
    }

    /** MaxMind layout: a place's name in the languages the database carries; English is always there. */
    public record Names(@MaxMindDbParameter(name = "en") String en) {
        @MaxMindDbConstructor
        public Names {
        }
    }
}
