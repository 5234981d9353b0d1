package io.miglint;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.miglint");
    }

    @Test
    void rulesSeeOnlyTheModelNeverJsqlparser() {
        noClasses().that().resideInAnyPackage("io.miglint.rules..", "io.miglint.rule..", "io.miglint.model..")
                .should().dependOnClassesThat().resideInAnyPackage("net.sf.jsqlparser..").check(classes);
    }

    @Test
    void onlyTheCliImportsPicocli() {
        noClasses().that().resideOutsideOfPackage("io.miglint.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..").check(classes);
    }

    @Test
    void reportersNeverImportRules() {
        noClasses().that().resideInAnyPackage("io.miglint.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.miglint.rules..").check(classes);
    }

    @Test
    void onlyVerifyAndGateOpenDatabaseConnections() {
        noClasses().that().resideOutsideOfPackages("io.miglint.verify..", "io.miglint.gate..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.postgresql..")
                .check(classes);
    }
}
