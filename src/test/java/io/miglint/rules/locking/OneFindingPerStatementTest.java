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

/** One statement that scans a table once is one finding, whatever number of columns or constraints it names. */
class OneFindingPerStatementTest {
    @TempDir
    Path dir;

    private List<Finding> lint(String rule, String setup, String sql) {
        LintFixture.Example ex = new LintFixture.Example("numbered", 15, setup, "", sql, false, null, false);
        return LintFixture.lint(dir, ex, Map.of()).findings().stream()
                .filter(f -> f.ruleId().equals(rule))
                .toList();
    }

    @Test
    void manySetNotNullInOneAlterAreOneFinding() {
        List<Finding> f = lint(
                "set-not-null",
                "CREATE TABLE a (x int, y int, \"Z\" int);\n",
                "ALTER TABLE a ALTER COLUMN x SET NOT NULL, ALTER COLUMN y SET NOT NULL, "
                        + "ALTER COLUMN \"Z\" SET NOT NULL;\n");
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("(x, y, Z)"), f.get(0).message());
        assertTrue(
                f.get(0).help().contains("ADD CONSTRAINT \"Z_not_null\" CHECK (\"Z\" IS NOT NULL) NOT VALID"),
                f.get(0).help());
    }

    @Test
    void manyTypeChangesInOneAlterAreOneRewriteAndOneFinding() {
        List<Finding> f = lint(
                "change-column-type",
                "CREATE TABLE e (id bigint, a timestamp, b timestamp);\n",
                "ALTER TABLE e ALTER COLUMN a TYPE timestamptz, ALTER COLUMN b TYPE timestamptz;\n");
        assertEquals(1, f.size(), f.toString());
        assertTrue(
                f.get(0).message().contains("e.a from timestamp to timestamptz")
                        && f.get(0).message().contains("e.b from timestamp to timestamptz")
                        && f.get(0).message().contains("(once for the statement)"),
                f.get(0).message());
    }

    @Test
    void aTimestampZoneChangeAfterSettingUtcRewritesNothing() {
        assertEquals(
                List.of(),
                lint(
                        "change-column-type",
                        "CREATE TABLE e (id bigint, a timestamp);\n",
                        "SET TIME ZONE 'UTC';\nALTER TABLE e ALTER COLUMN a TYPE timestamptz;\n"));
        assertEquals(
                1,
                lint(
                                "change-column-type",
                                "CREATE TABLE e (id bigint, a timestamp);\n",
                                "SET TIME ZONE 'Europe/Paris';\nALTER TABLE e ALTER COLUMN a TYPE timestamptz;\n")
                        .size());
    }

    @Test
    void aDropAndABuildOfTheSameNameGetTheRebuildRecipe() {
        List<Finding> f = lint(
                "require-concurrent-drop-index",
                "CREATE TABLE o (s text);\n" + "CREATE INDEX o_s_idx ON o (s);\n",
                "BEGIN;\nDROP INDEX o_s_idx;\n" + "CREATE INDEX o_s_idx ON o (s) WHERE s IS NOT NULL;\nCOMMIT;\n");
        assertEquals(1, f.size(), f.toString());
        assertTrue(
                f.get(0).message().contains("building it again at line 3"),
                f.get(0).message());
        assertTrue(
                f.get(0)
                        .help()
                        .contains("`DROP INDEX CONCURRENTLY IF EXISTS o_s_idx;` and `ALTER INDEX o_s_idx_new "
                                + "RENAME TO o_s_idx;`"),
                f.get(0).help());
    }

    @Test
    void severalUniqueConstraintsInOneStatementAreOneFinding() {
        List<Finding> f = lint(
                "add-unique-constraint",
                "CREATE TABLE u (id bigint, email text, handle text);\n",
                "ALTER TABLE u ADD CONSTRAINT u_email_key UNIQUE (email), ADD CONSTRAINT u_handle_key UNIQUE (handle),"
                        + " ADD COLUMN code text UNIQUE;\n");
        assertEquals(1, f.size(), f.toString());
        assertTrue(
                f.get(0).message().contains("and the same statement builds 2 more (u_handle_key, u_code_key)"),
                f.get(0).message());
        assertTrue(
                f.get(0).help().endsWith(" The same for u_handle_key, u_code_key."),
                f.get(0).help());
    }

    @Test
    void aMissingLockTimeoutSaysWhatQueuesForTheModeTaken() {
        List<Finding> share = lint(
                "lock-timeout-missing",
                "CREATE TABLE o (id int PRIMARY KEY, s text);\n",
                "CREATE TABLE c (id int, o_id int REFERENCES o (id));\n");
        assertEquals(1, share.size(), share.toString());
        assertTrue(
                share.get(0).message().contains("every write to o queues behind it (reads go on"),
                share.get(0).message());
        List<Finding> exclusive =
                lint("lock-timeout-missing", "CREATE TABLE o (s text);\n", "ALTER TABLE o ADD COLUMN t text;\n");
        assertTrue(
                exclusive.get(0).message().endsWith("every read and write of o queues behind it"),
                exclusive.get(0).message());
    }

    @Test
    void aTableWhoseRowsWereCopiedOutFirstIsAMoveNotALoss() {
        String setup = "CREATE TABLE country (id int, name text);\nCREATE TABLE area (id int, name text);\n";
        List<Finding> moved = lint(
                "drop-table",
                setup,
                "INSERT INTO area (id, name)\nSELECT c.id, c.name FROM public.country c;\nDROP TABLE country;\n");
        assertEquals(List.of(), moved);
        List<Finding> lost = lint("drop-table", setup, "DROP TABLE country;\n");
        assertTrue(
                lost.get(0).message().contains("and every row is lost"),
                lost.get(0).message());
    }

    @Test
    void manyConstraintsInOneAlterAreOneFinding() {
        List<Finding> f = lint(
                "constraint-without-not-valid",
                "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int, p_id int, n int);\n",
                "ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE, "
                        + "ADD CHECK (n > 0);\n");
        assertEquals(1, f.size(), f.toString());
        assertTrue(
                f.get(0)
                        .help()
                        .contains("ADD CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE "
                                + "CASCADE NOT VALID, ADD CONSTRAINT c_n_check CHECK (n > 0) NOT VALID;"),
                f.get(0).help());
    }

    @Test
    void foreignKeysOfATableAnEarlierScriptOfTheSameVersionCreatedAreNotFindings() throws Exception {
        java.nio.file.Files.writeString(
                dir.resolve("27.all.sql"),
                "CREATE TABLE p (id int PRIMARY KEY);\n" + "CREATE TABLE c (id int, p_id int);\n");
        java.nio.file.Files.writeString(
                dir.resolve("27.master.sql"),
                "ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id);\n");
        java.nio.file.Files.writeString(
                dir.resolve("28.all.sql"), "ALTER TABLE c ADD CONSTRAINT c_n CHECK (id > 0);\n");
        var d = io.miglint.layout.MigrationDiscovery.discover(
                List.of(dir), java.util.Optional.of(io.miglint.layout.LayoutKind.parse("numbered")));
        var sel = io.miglint.engine.RuleSelection.select(
                io.miglint.rules.registry.RuleRegistry.instances(), Map.of(), 15);
        var r = new io.miglint.engine.LintEngine(new io.miglint.engine.LintEngine.Settings(
                        15, sel, io.miglint.rule.RuleOptions.EMPTY, p -> true))
                .run(d.sets());
        List<String> files = r.findings().stream()
                .filter(f -> f.ruleId().equals("constraint-without-not-valid"))
                .map(f -> f.location().file().getFileName().toString())
                .toList();
        assertEquals(List.of("28.all.sql"), files);
    }
}
