package dev.skopos.jakarta.internal.geo;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CachingGeoLocatorTest {
    private final List<InetAddress> lookedUp = new ArrayList<>();
    private final GeoLocator counting = address -> {
        lookedUp.add(address);
        return new Location("NL", "North Holland");
    };

    @Test
    void looksUpAnAddressOnceWhileItStaysAmongTheMostRecent() throws Exception {
        CachingGeoLocator cached = new CachingGeoLocator(counting, 2);
        InetAddress first = InetAddress.getByName("193.0.6.139");
        InetAddress second = InetAddress.getByName("193.0.6.140");
        InetAddress third = InetAddress.getByName("193.0.6.141");

        assertThat(cached.locate(first)).isEqualTo(new Location("NL", "North Holland"));
        cached.locate(first);
        cached.locate(second);
        cached.locate(third);
        cached.locate(first);

        assertThat(lookedUp).containsExactly(first, second, third, first);
    }
}
