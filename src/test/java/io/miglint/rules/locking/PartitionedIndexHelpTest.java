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
 * PostgreSQL refuses CREATE INDEX CONCURRENTLY on a partitioned table (checked on 15): the help builds the parent's
 * index ON ONLY and each partition's CONCURRENTLY, then attaches them.
 */
class PartitionedIndexHelpTest {
    @TempDir
    Path dir;

    @Test
    void anIndexOnAPartitionedTableIsBuiltPartitionByPartition() {
        // AppFlowy's af_collab, PARTITION BY LIST (partition_key)
        LintFixture.Example ex = new LintFixture.Example(
                "golang-migrate",
                15,
                "CREATE TABLE af_collab (oid text, partition_key int, workspace_id uuid) "
                        + "PARTITION BY LIST (partition_key);\n"
                        + "CREATE TABLE af_collab_document PARTITION OF af_collab FOR VALUES IN (0);\n",
                "",
                "CREATE INDEX idx_af_collab_ws ON af_collab (workspace_id);\n",
                false,
                null,
                false);
        List<Finding> f = LintFixture.lint(dir, ex, Map.of()).findings().stream()
                .filter(x -> x.ruleId().equals("require-concurrent-index"))
                .toList();
        assertEquals(1, f.size(), f.toString());
        String help = f.get(0).help();
        assertTrue(help.startsWith("PostgreSQL refuses CONCURRENTLY on af_collab, a partitioned table."), help);
        assertTrue(help.contains("`CREATE INDEX idx_af_collab_ws ON ONLY af_collab (workspace_id);`"), help);
        assertTrue(help.contains("`ALTER INDEX idx_af_collab_ws ATTACH PARTITION <partition>_idx;`"), help);
        assertFalse(help.contains("CONCURRENTLY idx_af_collab_ws"), help);
    }
}
