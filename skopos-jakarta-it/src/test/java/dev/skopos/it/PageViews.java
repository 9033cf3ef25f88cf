package dev.skopos.it;

import java.io.IOException;
import java.net.URI;

import static dev.skopos.it.ItPocketBase.pocketBase;
import static org.assertj.core.api.Assertions.assertThat;

/** Page views from 50 visitors to the deployed endpoint, all under one section of the site. */
final class PageViews {

    private PageViews() {
    }

    /** Sends {@code count} page views of {@code /section/<n>}, each accepted with 204. */
    static void post(String section, int count) throws IOException, InterruptedException {
        URI endpoint = ItEnvironment.application().resolve("api/event");
        for (int i = 0; i < count; i++) {
            Browser browser = new Browser("192.0.2." + (i % 50 + 1));
            assertThat(browser.post(endpoint, "application/json", "{\"type\":\"pageView\",\"url\":"
                    + "\"https://example.com/" + section + "/" + i + "\"}").statusCode()).isEqualTo(204);
        }
    }

    /** How many page views of the section PocketBase holds. */
    static int stored(String section) {
        return pocketBase().admin().list("events", "path ~ '/" + section + "/%'").size();
    }
}
