package io.miglint;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package boundaries of docs/architecture.md, enforced. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.miglint");
    }

    @Test
    void rulesSeeOnlyTheModelNeverJsqlparser() {
        noClasses()
                .that()
                .resideInAnyPackage("io.miglint.rules..", "io.miglint.rule..", "io.miglint.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("net.sf.jsqlparser..")
                .check(classes);
    }

    @Test
    void onlyTheCliImportsPicocli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.miglint.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("picocli..")
                .check(classes);
    }

    @Test
    void reportersNeverImportRules() {
        noClasses()
                .that()
                .resideInAnyPackage("io.miglint.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.miglint.rules..")
                .check(classes);
    }

    @Test
    void onlyVerifyAndGateOpenDatabaseConnections() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.miglint.verify..", "io.miglint.gate..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "org.postgresql..")
                .check(classes);
    }

    /** No two top-level packages depend on each other, directly or through others. */
    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("io.miglint.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** Nor do the rule packages: shared rule helpers sit below the rules, the registry above them. */
    @Test
    void rulePackagesAreFreeOfCycles() {
        slices().matching("io.miglint.rules.(*)..").should().beFreeOfCycles().check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.miglint.rules")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.miglint.rules.*..")
                .check(classes);
    }

    /**
     * The layers of docs/architecture.md, bottom up: sql, diagnostic; model; parse; layout; rule; rules; engine;
     * report; verify; gate; config, scaffold, vcs; cli. A layer never reaches one above it.
     */
    @Test
    void lowerLayersNeverReachUp() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.miglint.sql..",
                        "io.miglint.diagnostic..",
                        "io.miglint.model..",
                        "io.miglint.parse..",
                        "io.miglint.layout..",
                        "io.miglint.rule..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.miglint.rules..",
                        "io.miglint.engine..",
                        "io.miglint.report..",
                        "io.miglint.verify..",
                        "io.miglint.gate..",
                        "io.miglint.config..",
                        "io.miglint.cli..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage("io.miglint.rules..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.miglint.engine..",
                        "io.miglint.report..",
                        "io.miglint.verify..",
                        "io.miglint.gate..",
                        "io.miglint.config..",
                        "io.miglint.cli..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage("io.miglint.engine..", "io.miglint.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.miglint.rules..",
                        "io.miglint.verify..",
                        "io.miglint.gate..",
                        "io.miglint.config..",
                        "io.miglint.cli..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage("io.miglint.verify..", "io.miglint.gate..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.miglint.rules..", "io.miglint.config..", "io.miglint.cli..")
                .check(classes);
    }
}
