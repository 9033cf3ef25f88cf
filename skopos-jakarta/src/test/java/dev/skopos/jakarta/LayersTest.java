package dev.skopos.jakarta;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages form layers: no package depends, through any path, on a package that depends on it, so each can
 * be read, tested and changed from the bottom up. The API package counts as one of them: the internal packages
 * use its types, so it may use none of theirs but those of a package that needs nothing else of the library.
 */
class LayersTest {
    private static final String API = "dev.skopos.jakarta";
    private static final String INTERNAL = API + ".internal.";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(API);

    /** The API package as one slice, and each package directly under {@code internal} with its sub-packages. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            String name = type.getPackageName();
            if (name.equals(API)) {
                return SliceIdentifier.of("the API");
            }
            return name.startsWith(INTERNAL) ? SliceIdentifier.of(name.substring(INTERNAL.length()).split("\\.")[0])
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the API package and each internal package";
        }
    };

    @Test
    void thePackagesHaveNoCycles() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(MAIN);
    }
}
