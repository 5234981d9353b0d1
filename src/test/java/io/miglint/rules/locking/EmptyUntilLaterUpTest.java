package io.miglint.rules.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A later up that adds a NOT NULL column without a default to a table succeeds only on an empty table: the cost rules
 * pass over that table at earlier migrations (and at that statement), back to its creation or the last statement that
 * could have taken rows out of it. A rule page has one migration under test and none after it, hence this class.
 */
class EmptyUntilLaterUpTest {
    private static final String SETUP = "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n";
    private static final String INDEX = "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n";

    @TempDir
    Path dir;

    /** Findings of {@code rule} on the sqlx migration 20230301000000 holding {@code sql}, with {@code later} after it. */
    private List<Finding> lint(String sql, String later, String rule) throws IOException {
        Files.createDirectories(dir);
        if (later != null) {
            Files.writeString(dir.resolve("20230401000000_add_region.sql"), later);
        }
        LintFixture.Example ex =
                new LintFixture.Example("sqlx", 15, SETUP, "", sql, false, "20230301000000_index_orders", false);
        return LintFixture.lint(dir, ex, Map.of()).findings().stream()
                .filter(f -> f.ruleId().equals(rule))
                .toList();
    }

    @Test
    void anIndexBuildOnATableALaterMigrationProvesEmptyIsNotReported() throws IOException {
        assertEquals(
                List.of(),
                lint(INDEX, "ALTER TABLE orders ADD COLUMN region text NOT NULL;\n", "require-concurrent-index"));
    }

    @Test
    void withoutTheLaterMigrationTheBuildIsReported() throws IOException {
        assertEquals(1, lint(INDEX, null, "require-concurrent-index").size());
    }

    @Test
    void aColumnWithADefaultOrIfNotExistsProvesNothing() throws IOException {
        assertEquals(
                1,
                lint(
                                INDEX,
                                "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';\n",
                                "require-concurrent-index")
                        .size());
        assertEquals(
                1,
                lint(
                                INDEX,
                                "ALTER TABLE orders ADD COLUMN IF NOT EXISTS region text NOT NULL;\n",
                                "require-concurrent-index")
                        .size());
    }

    @Test
    void aDeleteBeforeTheProofStopsItReachingBack() throws IOException {
        assertEquals(
                1,
                lint(
                                INDEX,
                                "DELETE FROM orders;\nALTER TABLE orders ADD COLUMN region text NOT NULL;\n",
                                "require-concurrent-index")
                        .size());
        assertEquals(
                1,
                lint(
                                INDEX + "DELETE FROM orders WHERE customer_id IS NULL;\n",
                                "ALTER TABLE orders ADD COLUMN region text NOT NULL;\n",
                                "require-concurrent-index")
                        .size());
        assertEquals(
                1,
                lint(
                                INDEX,
                                "WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone;\n"
                                        + "ALTER TABLE orders ADD COLUMN region text NOT NULL;\n",
                                "require-concurrent-index")
                        .size(),
                "a DELETE in a WITH query takes rows out too");
    }

    @Test
    void theProofFollowsARename() throws IOException {
        assertEquals(
                List.of(),
                lint(
                        INDEX,
                        "ALTER TABLE orders RENAME TO purchases;\n"
                                + "ALTER TABLE purchases ADD COLUMN region text NOT NULL;\n",
                        "require-concurrent-index"));
    }

    @Test
    void theProvingStatementsOwnUniqueIndexIsNotReportedButTheAddColumnIs() throws IOException {
        String sql = "ALTER TABLE orders ADD COLUMN region text NOT NULL UNIQUE;\n";
        assertEquals(List.of(), lint(sql, null, "add-unique-constraint"));
        assertEquals(1, lint(sql, null, "add-column-not-null-no-default").size());
    }

    @Test
    void lockTimeoutMissingStillCountsTheTable() throws IOException {
        String later = "ALTER TABLE orders ADD COLUMN region text NOT NULL;\n";
        assertEquals(
                1,
                lint("ALTER TABLE orders ADD COLUMN note text;\n", later, "lock-timeout-missing")
                        .size());
    }
}
