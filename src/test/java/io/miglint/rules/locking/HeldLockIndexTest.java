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
 * Statements on a table whose ACCESS EXCLUSIVE lock the transaction already holds: the lock rules report the table
 * once per transaction; an index build there blocks reads as well, is reported once with the number of builds that
 * follow, and its help takes the build out of that transaction (CONCURRENTLY cannot run inside it).
 */
class HeldLockIndexTest {
    private static final String ORDERS = "CREATE TABLE orders (id bigint, status text, total numeric);\n"
            + "CREATE INDEX orders_status_idx ON orders (status);\n";

    @TempDir
    Path dir;

    private List<Finding> lint(String layout, String setup, String sql, String rule) {
        LintFixture.Example ex = new LintFixture.Example(layout, 15, setup, "", sql, false, null, false);
        return LintFixture.lint(dir.resolve(layout + rule.length()), ex, Map.of()).findings().stream()
                .filter(f -> f.ruleId().equals(rule))
                .toList();
    }

    @Test
    void anIndexOnAColumnTheTransactionAddedSaysReadsWaitAndPointsAfterTheCommit() {
        List<Finding> found = lint(
                "dbmate",
                ORDERS,
                "ALTER TABLE orders ADD COLUMN shipped_at timestamptz;\n"
                        + "CREATE INDEX orders_shipped_at_idx ON orders (shipped_at);\n",
                "require-concurrent-index");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).message().contains("already holds ACCESS EXCLUSIVE on orders (taken at line 2)"),
                found.get(0).message());
        assertTrue(
                found.get(0)
                        .help()
                        .contains("cannot be built earlier: build it after this migration commits, in "
                                + "a migration of its own"),
                found.get(0).help());
        assertTrue(
                found.get(0).help().contains("CREATE INDEX CONCURRENTLY orders_shipped_at_idx ON orders"),
                found.get(0).help());
    }

    @Test
    void onlyTheFirstBuildOnAHeldTableIsReportedAndItCountsTheOthers() {
        List<Finding> found = lint(
                "dbmate",
                ORDERS,
                "ALTER TABLE orders RENAME COLUMN total TO amount;\n"
                        + "CREATE INDEX orders_amount_idx ON orders (amount);\n"
                        + "CREATE INDEX orders_id_idx ON orders (id);\n"
                        + "CREATE UNIQUE INDEX orders_id_status_key ON orders (id, status);\n",
                "require-concurrent-index");
        assertEquals(1, found.size(), found.toString());
        assertEquals(3, found.get(0).location().line());
        assertTrue(
                found.get(0).message().endsWith("; 2 more index builds on orders follow under the same lock"),
                found.get(0).message());
        assertTrue(
                found.get(0).help().contains("or at least move it before line 2"),
                found.get(0).help());
    }

    @Test
    void aCommitInBetweenReleasesTheLock() {
        List<Finding> found = lint(
                "numbered",
                ORDERS,
                "BEGIN;\nALTER TABLE orders ADD COLUMN shipped_at "
                        + "timestamptz;\nCOMMIT;\nCREATE INDEX orders_shipped_at_idx ON orders (shipped_at);\n",
                "require-concurrent-index");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).message().startsWith("building index orders_shipped_at_idx takes a SHARE lock"),
                found.get(0).message());
    }

    @Test
    void buildsAfterADropOfAnIndexOfTheTableAreToldAtTheDrop() {
        String sql = "DROP INDEX orders_status_idx;\n"
                + "CREATE INDEX orders_status_total_idx ON orders (status, total);\n"
                + "CREATE INDEX orders_total_idx ON orders (total);\n";
        assertEquals(List.of(), lint("dbmate", ORDERS, sql, "require-concurrent-index"));
        List<Finding> drop = lint("dbmate", ORDERS, sql, "require-concurrent-drop-index");
        assertEquals(1, drop.size(), drop.toString());
        assertTrue(
                drop.get(0)
                        .message()
                        .contains("keeps it until the transaction commits, while 2 index builds on "
                                + "orders after it run: all reads and writes of orders wait for those builds"),
                drop.get(0).message());
    }

    @Test
    void aDropOnATableTheTransactionAlreadyLockedIsNotReported() {
        assertEquals(
                List.of(),
                lint(
                        "dbmate",
                        ORDERS,
                        "ALTER TABLE orders ADD COLUMN note text;\n" + "DROP INDEX orders_status_idx;\n",
                        "require-concurrent-drop-index"));
        assertEquals(
                1,
                lint("dbmate", ORDERS, "DROP INDEX orders_status_idx;\n", "require-concurrent-drop-index")
                        .size());
    }

    @Test
    void aRebuildOfAnIndexTheTransactionDroppedKeepsTheOldOneUntilTheNewOneExists() {
        List<Finding> found = lint(
                "dbmate",
                ORDERS,
                "ALTER TABLE orders ADD COLUMN note text;\n"
                        + "DROP INDEX orders_status_idx;\n"
                        + "CREATE INDEX orders_status_idx ON orders (status, total);\n",
                "require-concurrent-index");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .help()
                        .startsWith("It replaces the index dropped at line 3, so building it after "
                                + "COMMIT would leave orders without it in between"),
                found.get(0).help());
        assertTrue(
                found.get(0).help().contains("`ALTER INDEX orders_status_idx_new RENAME TO orders_status_idx;`"),
                found.get(0).help());
    }

    @Test
    void aRebuildOfAConstraintsIndexSwapsTheConstraintSinceDropIndexOfItFails() throws Exception {
        String setup = "CREATE TABLE jobs (id bigint, name text, ns text, parent text);\n"
                + "CREATE UNIQUE INDEX jobs_key_idx ON jobs (name, ns);\n"
                + "ALTER TABLE jobs ADD CONSTRAINT jobs_key UNIQUE USING INDEX jobs_key_idx;\n";
        List<Finding> found = lint(
                "flyway",
                setup,
                "ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_key;\n"
                        + "DROP INDEX IF EXISTS jobs_key;\n"
                        + "ALTER TABLE jobs ADD COLUMN parent_text text DEFAULT '';\n"
                        + "CREATE UNIQUE INDEX jobs_key ON jobs (name, ns, parent_text);\n"
                        + "ALTER TABLE jobs ADD CONSTRAINT jobs_key UNIQUE USING INDEX jobs_key;\n",
                "require-concurrent-index");
        assertEquals(1, found.size(), found.toString());
        String help = found.get(0).help();
        String swap = "ALTER TABLE jobs DROP CONSTRAINT jobs_key, ADD CONSTRAINT jobs_key UNIQUE USING INDEX "
                + "jobs_key_new;";
        assertTrue(
                help.contains("If the old index and its constraint jobs_key can stay until then")
                        && help.contains("`" + swap + "`")
                        && !help.contains("DROP INDEX CONCURRENTLY"),
                help);

        // The steps the help gives, on PostgreSQL: the old constraint kept, the new index built, then the swap.
        java.sql.Connection c;
        try {
            c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        } catch (java.sql.SQLException e) {
            org.junit.jupiter.api.Assumptions.abort("PostgreSQL is not reachable on 127.0.0.1:5432: " + e.getMessage());
            return;
        }
        try (c;
                java.sql.Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '30s'");
            st.execute("CREATE TEMP TABLE jobs (id bigint, name text, ns text, parent text)");
            st.execute("CREATE UNIQUE INDEX jobs_key_idx ON pg_temp.jobs (name, ns)");
            st.execute("ALTER TABLE pg_temp.jobs ADD CONSTRAINT jobs_key UNIQUE USING INDEX jobs_key_idx");
            st.execute("ALTER TABLE pg_temp.jobs ADD COLUMN parent_text text DEFAULT ''");
            st.execute("CREATE UNIQUE INDEX jobs_key_new ON pg_temp.jobs (name, ns, parent_text)");
            st.execute(swap.replace("ALTER TABLE jobs", "ALTER TABLE pg_temp.jobs"));
            try (java.sql.ResultSet rs = st.executeQuery("SELECT conname, pg_get_indexdef(conindid) FROM pg_constraint "
                    + "WHERE conrelid = 'pg_temp.jobs'::regclass AND contype = 'u'")) {
                assertTrue(rs.next());
                assertEquals("jobs_key", rs.getString(1));
                assertTrue(
                        rs.getString(2).contains("jobs_key ON")
                                && rs.getString(2).contains("(name, ns, " + "parent_text)"),
                        rs.getString(2));
                assertTrue(!rs.next(), "one unique constraint");
            }
        }
    }

    @Test
    void anIndexOnANewColumnMovesTheConstraintAttachedToItAlong() {
        List<Finding> found = lint(
                "flyway",
                ORDERS,
                "ALTER TABLE orders ADD COLUMN code text;\n"
                        + "CREATE UNIQUE INDEX orders_code_key ON orders (code);\n"
                        + "ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_key;\n",
                "require-concurrent-index");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .help()
                        .contains("and move the orders_code_key constraint this migration attaches to "
                                + "it along, into a migration after that build (`ALTER TABLE orders ADD CONSTRAINT orders_code_key "
                                + "UNIQUE USING INDEX orders_code_key;`)"),
                found.get(0).help());
    }

    @Test
    void aLockTimeoutIsAskedForAtTheFirstLockThatCanWait() {
        // The down undoes its up's index (not reported), but its DROP INDEX holds orders from then on.
        LintFixture.Example ex = new LintFixture.Example(
                "golang-migrate",
                15,
                ORDERS,
                "CREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);",
                "DROP INDEX orders_total_idx;\nALTER TABLE orders ADD COLUMN note text;\n"
                        + "CREATE TABLE refunds (id bigint, order_id bigint REFERENCES orders (id));\n",
                true,
                null,
                false);
        List<Finding> found = LintFixture.lint(dir.resolve("down"), ex, Map.of()).findings().stream()
                .filter(f -> f.ruleId().equals("lock-timeout-missing"))
                .toList();
        assertEquals(List.of(), found);
    }

    @Test
    void aDownIsToldToRunItsOwnDownOutsideTheTransaction() {
        LintFixture.Example ex = new LintFixture.Example(
                "diesel",
                15,
                "CREATE TABLE orders (id bigint);",
                "SELECT 1;",
                "CREATE INDEX orders_id_idx ON orders (id);\n",
                true,
                null,
                false);
        List<Finding> found =
                LintFixture.lint(dir.resolve("down"), ex, Map.of("require-concurrent-index", "on")).findings().stream()
                        .filter(f -> f.ruleId().equals("require-concurrent-index"))
                        .toList();
        assertEquals(1, found.size(), found.toString());
        // a down of one statement can run outside a transaction itself; it cannot move to another migration
        assertTrue(
                found.get(0).help().contains("in this down.sql, with `run_in_transaction = false`"),
                found.get(0).help());
    }
}
