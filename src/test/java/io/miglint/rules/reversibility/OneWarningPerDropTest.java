package io.miglint.rules.reversibility;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drop-column / drop-table and irreversible-data-change do not both warn about the same statement's lost data. */
class OneWarningPerDropTest {
    @TempDir
    Path dir;

    private Map<String, String> severities(String up, String down, Map<String, String> settings) throws Exception {
        Files.writeString(
                dir.resolve("1_create.up.sql"),
                "CREATE TABLE orders (id int, note text);\n" + "CREATE TABLE audit (id int);\n");
        Files.writeString(dir.resolve("1_create.down.sql"), "DROP TABLE audit;\nDROP TABLE orders;\n");
        Files.writeString(dir.resolve("2_drop_things.up.sql"), up);
        Files.writeString(dir.resolve("2_drop_things.down.sql"), down);
        var d = MigrationDiscovery.discover(List.of(dir), Optional.of(LayoutKind.parse("golang-migrate")));
        // irreversible-data-change is opt-in: these tests are about how it and the drop rules share a statement.
        Map<String, String> withRule = new java.util.HashMap<>(settings);
        withRule.putIfAbsent("irreversible-data-change", "on");
        var sel = RuleSelection.select(RuleRegistry.instances(), withRule, 15);
        List<Finding> f = new LintEngine(new LintEngine.Settings(15, sel, RuleOptions.EMPTY, p -> true))
                .run(d.sets())
                .findings();
        Map<String, String> out = new TreeMap<>();
        f.stream()
                .filter(x -> x.location().file().getFileName().toString().equals("2_drop_things.up.sql"))
                .filter(x -> x.ruleId().startsWith("drop-") || x.ruleId().equals("irreversible-data-change"))
                .forEach(x -> {
                    String k = x.ruleId() + "@" + x.location().line();
                    out.merge(k, x.severity().name(), (a, b) -> a + "+" + b);
                });
        return out;
    }

    @Test
    void theDropRuleWarnsAndTheRollbackFindingIsInformation() throws Exception {
        Map<String, String> s = severities(
                // the COMMENT makes it more than a removal (an up that only removes things gets a note)
                "ALTER TABLE orders DROP COLUMN note;\nDROP TABLE audit;\nCOMMENT ON TABLE orders IS 'orders';\n",
                "ALTER TABLE orders ADD COLUMN note text;\nCREATE TABLE audit (id int);\n",
                Map.of());
        assertEquals(
                Map.of(
                        "drop-column@1",
                        "WARNING",
                        "irreversible-data-change@1",
                        "INFO",
                        "drop-table@2",
                        "WARNING",
                        "irreversible-data-change@2",
                        "INFO"),
                s);
    }

    @Test
    void oneStatementDroppingTwoTablesIsOneFinding() throws Exception {
        Map<String, String> s = severities(
                "DROP TABLE audit, orders;\nCOMMENT ON SCHEMA public IS 'public';\n",
                "CREATE TABLE orders (id int, note text);\nCREATE TABLE audit (id int);\n",
                Map.of());
        assertEquals(Map.of("drop-table@1", "WARNING", "irreversible-data-change@1", "INFO"), s);
    }

    @Test
    void aSeverityTheUserSetStillWins() throws Exception {
        Map<String, String> s = severities(
                "ALTER TABLE orders DROP COLUMN note;\n",
                "ALTER TABLE orders ADD COLUMN note text;\n",
                Map.of("irreversible-data-change", "error"));
        assertEquals("ERROR", s.get("irreversible-data-change@1"));
    }

    @Test
    void aDeleteHasNoDropRuleAndStaysAWarning() throws Exception {
        Map<String, String> s = severities(
                "DELETE FROM orders WHERE id < 0;\n", "SELECT 1;\nALTER TABLE orders ADD COLUMN x int;\n", Map.of());
        assertEquals(Map.of("irreversible-data-change@1", "WARNING"), s);
    }
}
