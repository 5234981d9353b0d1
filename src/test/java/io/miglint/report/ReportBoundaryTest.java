package io.miglint.report;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reporters see findings and rule metadata only, so a format never depends on how a rule is written. */
@Tag("slow")
class ReportBoundaryTest {

    @Test
    void reportersNeverImportRules() {
        noClasses()
                .that()
                .resideInAPackage("io.miglint.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.miglint.rules..", "picocli..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.miglint"));
    }
}
