package io.miglint.rules.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of two twin indexes to drop: the one whose name points to another table is the copied statement (MusicBrainz
 * built l_area_instrument_idx_uniq on l_area_label, then rebuilt l_area_label_idx_uniq beside it), and its table is
 * left without the index it meant to build.
 */
class DuplicateIndexHelpTest {
    @TempDir
    Path dir;

    private List<Finding> lint(String name, String setup, String sql) {
        LintFixture.Example ex = new LintFixture.Example("golang-migrate", 15, setup, "", sql, false, null, false);
        return LintFixture.lint(dir.resolve(name), ex, Map.of()).findings().stream()
                .filter(f -> f.ruleId().equals("duplicate-index"))
                .toList();
    }

    private static final String LINKS = "CREATE TABLE l_area_label (id int PRIMARY KEY, entity0 int, entity1 int, "
            + "link int);\nCREATE TABLE l_area_instrument (id int PRIMARY KEY, entity0 int, entity1 int, link int);\n";

    @Test
    void theTwinNamedForAnotherTableIsTheOneToDrop() {
        List<Finding> found = lint(
                "twin",
                LINKS + "CREATE UNIQUE INDEX l_area_instrument_idx_uniq ON l_area_label (entity0, entity1, link);\n",
                "CREATE UNIQUE INDEX l_area_label_idx_uniq ON l_area_label (entity0, entity1, link);\n");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .message()
                        .contains("duplicates l_area_instrument_idx_uniq, whose name points to another" + " table"),
                found.get(0).message());
        assertTrue(
                found.get(0).help().startsWith("Keep this one and drop l_area_instrument_idx_uniq"),
                found.get(0).help());
    }

    @Test
    void anIndexNamedForAnotherTableIsToBeBuiltThere() {
        List<Finding> found = lint(
                "self",
                LINKS + "CREATE UNIQUE INDEX l_area_label_idx_uniq ON l_area_label (entity0, entity1, link);\n",
                "CREATE UNIQUE INDEX l_area_instrument_idx_uniq ON l_area_label (entity0, entity1, link);\n");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .help()
                        .startsWith("Leave it out of a migration no database has run: "
                                + "l_area_label_idx_uniq already serves"),
                found.get(0).help());
        assertTrue(
                found.get(0)
                        .help()
                        .contains("Its name says it was meant for l_area_instrument (entity0, entity1, link), which "
                                + "is left without it: build it there."),
                found.get(0).help());
    }

    @Test
    void aColumnConstraintKeepsItsNameAndANameOfNoOtherTableClaimsNothing() {
        // tractusx-edc: lease_id … CONSTRAINT lease_pk PRIMARY KEY, then lease_lease_id_uindex on edc_lease
        List<Finding> found = lint(
                "named",
                "CREATE TABLE edc_lease (lease_id varchar(255) NOT NULL CONSTRAINT lease_pk PRIMARY KEY);\n",
                "CREATE UNIQUE INDEX lease_lease_id_uindex ON edc_lease (lease_id);\n");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).message().contains("duplicates the primary key lease_pk:"),
                found.get(0).message());
        assertTrue(!found.get(0).help().contains("another table"), found.get(0).help());
    }
}
