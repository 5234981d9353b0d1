package io.miglint.rules.compatibility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.engine.LintEngine;
import io.miglint.engine.RuleSelection;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.rules.registry.RuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rename-table's view under the old name, when the next migration drops columns a view would depend on. */
class RenameTableNextUpTest {
    @TempDir
    Path dir;

    private Finding renameFinding(String... ups) throws Exception {
        for (int i = 0; i < ups.length; i++) {
            Files.writeString(dir.resolve((i + 1) + "_step.up.sql"), ups[i]);
            Files.writeString(dir.resolve((i + 1) + "_step.down.sql"), "SELECT 1;\n");
        }
        var d = MigrationDiscovery.discover(List.of(dir), Optional.of(LayoutKind.parse("golang-migrate")));
        var sel = RuleSelection.select(RuleRegistry.instances(), Map.of("rename-table", "on"), 15);
        List<Finding> found = new LintEngine(new LintEngine.Settings(15, sel, RuleOptions.EMPTY, p -> true))
                .run(d.sets()).findings().stream()
                        .filter(f -> f.ruleId().equals("rename-table"))
                        .toList();
        assertEquals(1, found.size(), found::toString);
        assertEquals(
                "2_step.up.sql", found.get(0).location().file().getFileName().toString());
        return found.get(0);
    }

    private static final String CANARY = "CREATE TABLE named_canary (id bigint PRIMARY KEY, name text, uuid uuid);\n";

    @Test
    void aViewIsNotProposedWhenTheNextMigrationDropsColumnsOfTheRenamedTable() throws Exception {
        // CredHub's V20 renames named_canary; V20_2 drops its id and name
        Finding f = renameFinding(
                CANARY,
                "ALTER TABLE named_canary RENAME TO encryption_key_canary;\n",
                "ALTER TABLE encryption_key_canary DROP COLUMN name;\n");
        assertTrue(!f.help().contains("CREATE VIEW"), f.help());
        assertTrue(
                f.help().contains("3_step.up.sql drops or retypes columns of encryption_key_canary at line 1"),
                f.help());
    }

    @Test
    void aViewIsProposedWhenTheNextMigrationLeavesTheColumnsAlone() throws Exception {
        Finding f = renameFinding(
                CANARY,
                "ALTER TABLE named_canary RENAME TO encryption_key_canary;\n",
                "ALTER TABLE encryption_key_canary ADD COLUMN IF NOT EXISTS note text;\n");
        assertTrue(f.help().contains("CREATE VIEW named_canary AS SELECT * FROM encryption_key_canary;"), f.help());
    }
}
