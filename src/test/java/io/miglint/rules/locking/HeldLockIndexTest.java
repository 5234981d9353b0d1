package io.miglint.rules.locking;

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
 * An index built in the transaction that already changed its table under ACCESS EXCLUSIVE blocks reads as well, and
 * CONCURRENTLY cannot follow that change in the same transaction: the finding and its help say so.
 */
class HeldLockIndexTest {
    @TempDir
    Path dir;

    private List<Finding> lint(String layout, String sql) {
        LintFixture.Example ex = new LintFixture.Example(layout, 15, "CREATE TABLE orders (id bigint);", "", sql,
                false, null, false);
        return LintFixture.lint(dir.resolve(layout), ex, Map.of("require-concurrent-index", "on")).findings()
                .stream().filter(f -> f.ruleId().equals("require-concurrent-index")).toList();
    }

    @Test
    void anIndexAfterAnExclusiveChangeSaysReadsWaitAndPointsAtALaterMigration() {
        List<Finding> found = lint("dbmate", "ALTER TABLE orders ADD COLUMN shipped_at timestamptz;\n"
                + "CREATE INDEX orders_shipped_at_idx ON orders (shipped_at);\n");
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).message().contains("already holds ACCESS EXCLUSIVE on orders (taken at line 2)"),
                found.get(0).message());
        assertTrue(found.get(0).help().contains("in a migration of its own after this one"), found.get(0).help());
        assertTrue(found.get(0).help().contains("CREATE INDEX CONCURRENTLY orders_shipped_at_idx ON orders"),
                found.get(0).help());
    }

    @Test
    void aCommitInBetweenReleasesTheLock() {
        List<Finding> found = lint("numbered", "BEGIN;\nALTER TABLE orders ADD COLUMN shipped_at timestamptz;\n"
                + "COMMIT;\nCREATE INDEX orders_shipped_at_idx ON orders (shipped_at);\n");
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).message().startsWith("building index orders_shipped_at_idx takes a SHARE lock"),
                found.get(0).message());
    }

    @Test
    void aDownIsToldToRunItsOwnDownOutsideTheTransaction() {
        LintFixture.Example ex = new LintFixture.Example("diesel", 15, "CREATE TABLE orders (id bigint);", "SELECT 1;",
                "CREATE INDEX orders_id_idx ON orders (id);\n", true, null, false);
        List<Finding> found = LintFixture.lint(dir.resolve("down"), ex, Map.of("require-concurrent-index", "on"))
                .findings().stream().filter(f -> f.ruleId().equals("require-concurrent-index")).toList();
        assertEquals(1, found.size(), found.toString());
        // a down of one statement can run outside a transaction itself; it cannot move to another migration
        assertTrue(found.get(0).help().contains("in this down.sql, with `run_in_transaction = false`"),
                found.get(0).help());
    }
}
