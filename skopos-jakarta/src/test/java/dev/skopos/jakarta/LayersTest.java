package dev.skopos.jakarta;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The internal packages form layers: no package depends, through any path, on a package that depends on it,
 * so each can be read, tested and changed from the bottom up. The API package sits beside them: its value types
 * are used by the layers, and its tracker uses them.
 */
class LayersTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.skopos.jakarta");

    @Test
    void theInternalPackagesHaveNoCycles() {
        slices().matching("dev.skopos.jakarta.internal.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
