package io.miglint.rules.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The help of add-column-not-null-no-default offers a constant default only where every row may hold the same value:
 * on a UNIQUE column it would fail on the second row (a reviewer judged that help wrong on three real migrations).
 */
class AddColumnNotNullNoDefaultHelpTest {
    @TempDir
    Path dir;

    private Finding lint(String sql) {
        LintFixture.Example ex = new LintFixture.Example(
                "dbmate", 15, "CREATE TABLE users (id bigint PRIMARY KEY);\n", "", sql, false, null, false);
        List<Finding> found = LintFixture.lint(dir, ex, Map.of()).findings().stream()
                .filter(f -> f.ruleId().equals("add-column-not-null-no-default"))
                .toList();
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    @Test
    void aUniqueColumnGetsNoConstantDefault() {
        String help = lint("ALTER TABLE users ADD COLUMN mongo_id text NOT NULL UNIQUE;\n")
                .help();
        assertFalse(help.contains("NOT NULL DEFAULT"), help);
        assertTrue(help.startsWith("The column is UNIQUE, so no constant default fits more than one row"), help);
        assertTrue(help.contains("backfill a distinct value per row"), help);
        assertTrue(help.contains("UNIQUE USING INDEX"), help);
    }

    @Test
    void aPlainColumnKeepsTheConstantDefault() {
        String help = lint("ALTER TABLE users ADD COLUMN plan text NOT NULL;\n").help();
        assertTrue(
                help.startsWith("Give it a constant default (`ALTER TABLE users ADD COLUMN plan text NOT NULL "
                        + "DEFAULT …;`"),
                help);
        assertTrue(help.contains("backfill in batches"), help);
    }
}
