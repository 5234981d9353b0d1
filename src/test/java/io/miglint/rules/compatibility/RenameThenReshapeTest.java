package io.miglint.rules.compatibility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.rule.Severity;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration that renames a table and then drops its columns (ehrbase's V6_3, comp to comp_data): the rename is
 * what breaks the old code, no view under the old name could keep it working (the view would block the drops, and
 * the old code reads the dropped columns), and the drops add only the loss of their values.
 */
class RenameThenReshapeTest {
    @TempDir
    Path dir;

    private static final String COMP =
            "CREATE TABLE comp (vo_id uuid PRIMARY KEY, ehr_id uuid NOT NULL, audit_id uuid, sys_version int);\n";

    private List<Finding> lint(String name, String sql) {
        LintFixture.Example ex = new LintFixture.Example("golang-migrate", 15, COMP, "", sql, false, null, false);
        return LintFixture.lint(dir.resolve(name), ex, Map.of()).findings().stream()
                .filter(f -> f.ruleId().equals("rename-table")
                        || f.ruleId().equals("drop-column")
                        || f.ruleId().equals("rename-column"))
                .toList();
    }

    @Test
    void theRenameCarriesTheBreakAndItsHelpOffersNoViewThatWouldBlockTheDrops() {
        List<Finding> found = lint("reshape", """
                ALTER TABLE comp RENAME TO comp_data;
                ALTER TABLE comp_data DROP COLUMN ehr_id, DROP COLUMN audit_id;
                """);
        assertEquals(
                List.of("rename-table", "drop-column"),
                found.stream().map(Finding::ruleId).toList());
        Finding rename = found.get(0);
        assertFalse(rename.help().contains("CREATE VIEW"), rename.help());
        assertTrue(
                rename.help().startsWith("No view under the old name can keep the old code working here: line 2"),
                rename.help());
        Finding drop = found.get(1);
        assertTrue(
                drop.message()
                        .contains("breaks no old code of its own (its queries of this table already fail "
                                + "since line 1 renamed it), but their values are lost for good"),
                drop.message());
        assertFalse(drop.help().startsWith("First release code"), drop.help());
        assertTrue(
                drop.help()
                        .contains("CREATE TABLE comp_data_dropped_columns_backup AS SELECT vo_id, ehr_id, "
                                + "audit_id FROM comp_data;"),
                drop.help());
    }

    @Test
    void aColumnRenamedAfterTheTableKeepsTheViewWhichKeepsTheOldColumnName() {
        // tracetest's 31: a view made before the column's rename keeps the column's old name for the old code
        List<Finding> found = lint("columns", """
                ALTER TABLE comp RENAME TO comp_data;
                ALTER TABLE comp_data RENAME COLUMN audit_id TO audit;
                """);
        assertEquals(
                List.of("rename-table"), found.stream().map(Finding::ruleId).toList());
        assertTrue(
                found.get(0).help().contains("CREATE VIEW comp AS SELECT * FROM comp_data;"),
                found.get(0).help());
    }

    @Test
    void aPlainRenameKeepsTheViewAndADropWithoutRenameKeepsItsRelease() {
        List<Finding> rename = lint("rename", "ALTER TABLE comp RENAME TO comp_data;\n");
        assertEquals(1, rename.size(), rename.toString());
        assertTrue(
                rename.get(0).help().contains("CREATE VIEW comp AS SELECT * FROM comp_data;"),
                rename.get(0).help());
        List<Finding> drop = lint("drop", "ALTER TABLE comp DROP COLUMN audit_id;\n");
        assertEquals(1, drop.size(), drop.toString());
        assertEquals(Severity.WARNING, drop.get(0).severity());
        assertTrue(
                drop.get(0).help().startsWith("First release code"), drop.get(0).help());
    }
}
