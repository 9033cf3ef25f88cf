package dev.skopos.jakarta;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API is what a user may rely on across releases, so it only grows on purpose: a public type outside the
 * packages named {@code internal} fails this test until it is added here, and documented as API.
 */
class PublicApiTest {
    private static final Set<String> API = Set.of(
            "SkoposTracker", "TrackEvent", "RequestInfo",
            "TrackerStatus", "ConnectionProblem", "Delivery", "DropReason",
            "FlushResult", "InvalidEventException");

    @Test
    void theOnlyPublicTypesOutsideInternalPackagesAreTheApi() {
        Set<String> publicOutsideInternal = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.skopos.jakarta")
                .stream()
                .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(type -> !type.getPackageName().contains(".internal"))
                .map(PublicApiTest::nameInItsPackage)
                .collect(Collectors.toSet());

        assertThat(publicOutsideInternal).containsExactlyInAnyOrderElementsOf(API);
    }

    private static String nameInItsPackage(JavaClass type) {
        return type.getName().substring(type.getPackageName().length() + 1);
    }
}
