package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.support.Sha256;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class VisitorIdSchemeTest {
    private static final String SECRET = "a-secret-of-at-least-sixteen-characters";
    private static final RequestInfo VISITOR = TrackerHarness.browser("198.51.100.23");
    private static final Instant MORNING = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-03-01T23:59:59.999Z");
    private static final Instant MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z");

    private static String reference() {
        return VisitorId.of("site", VISITOR.clientIp(), VISITOR.userAgent());
    }

    @Test
    void withoutSecretTheIdIsTheReferenceFormula() {
        assertThat(VisitorIdScheme.reference().of("site", VISITOR, MORNING))
                .isEqualTo(reference())
                .isEqualTo(Sha256.hex("site-198.51.100.23-" + TrackerHarness.CHROME));
    }

    @Test
    void withSecretTheIdDiffersFromTheReferenceAndIsStable() {
        VisitorIdScheme keyed = VisitorIdScheme.keyed(SECRET, VisitorIdScheme.Rotation.NONE);

        assertThat(keyed.of("site", VISITOR, MORNING)).isNotEqualTo(reference()).hasSize(64)
                .isEqualTo(keyed.of("site", VISITOR, MIDNIGHT.plusSeconds(86_400 * 40)))
                .isNotEqualTo(VisitorIdScheme.keyed(SECRET + "!", VisitorIdScheme.Rotation.NONE)
                        .of("site", VISITOR, MORNING))
                .isNotEqualTo(keyed.of("site", TrackerHarness.browser("198.51.100.24"), MORNING));
    }

    @Test
    void dailyRotationKeepsTheIdWithinAUtcDayAndChangesItAtMidnight() {
        VisitorIdScheme daily = VisitorIdScheme.keyed(SECRET, VisitorIdScheme.Rotation.DAILY);
        String monday = daily.of("site", VISITOR, MORNING);

        assertThat(daily.of("site", VISITOR, BEFORE_MIDNIGHT)).isEqualTo(monday);
        assertThat(daily.of("site", VISITOR, MIDNIGHT)).isNotEqualTo(monday)
                .isEqualTo(daily.of("site", VISITOR, MIDNIGHT.plusSeconds(3600)));
        assertThat(daily.of("site", VISITOR, MORNING)).as("back to the first day").isEqualTo(monday);
        VisitorIdScheme unrotated = VisitorIdScheme.keyed(SECRET, VisitorIdScheme.Rotation.NONE);
        assertThat(monday).isNotEqualTo(reference()).isNotEqualTo(unrotated.of("site", VISITOR, MORNING));
    }

    @Test
    void missingPartsCountAsUnknownUnderEveryScheme() {
        RequestInfo anonymous = RequestInfo.of(null, name -> null, "/");
        VisitorIdScheme keyed = VisitorIdScheme.keyed(SECRET, VisitorIdScheme.Rotation.NONE);

        assertThat(VisitorIdScheme.reference().of("site", anonymous, MORNING))
                .isEqualTo(VisitorId.of("site", Optional.empty(), Optional.empty()));
        assertThat(keyed.of("site", anonymous, MORNING)).hasSize(64);
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(VisitorIdScheme.keyed(SECRET, VisitorIdScheme.Rotation.DAILY).toString())
                .doesNotContain(SECRET).contains("DAILY");
    }
}
