package io.miglint.rules.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The help names the condition the guarded statement raises when what it makes exists (checked on PostgreSQL 15). */
class ExceptionSwallowsErrorHelpTest {
    @TempDir
    Path dir;

    private Finding one(String sql) {
        LintFixture.Example ex = new LintFixture.Example(
                "golang-migrate",
                15,
                "CREATE TABLE wh_schemas (source_id text, destination_id text, namespace text);\n",
                "",
                sql,
                false,
                null,
                false);
        List<Finding> f =
                LintFixture.lint(dir.resolve("m" + Math.abs(sql.hashCode())), ex, Map.of()).findings().stream()
                        .filter(x -> x.ruleId().equals("exception-swallows-error"))
                        .toList();
        assertEquals(1, f.size(), f.toString());
        return f.get(0);
    }

    @Test
    void aUniqueConstraintThatExistsRaisesDuplicateTable() {
        // rudder-server's 000004: re-adding the UNIQUE constraint fails with 42P07, not duplicate_object
        Finding f = one("DO $$ BEGIN\n"
                + "    ALTER TABLE wh_schemas ADD CONSTRAINT unique_wh_identifier UNIQUE (source_id, destination_id, "
                + "namespace);\nEXCEPTION WHEN others THEN NULL;\nEND $$;\n");
        assertTrue(
                f.help()
                        .startsWith(
                                "Catch only the condition the block expects: `WHEN duplicate_table THEN " + "NULL;`"),
                f.help());
    }

    @Test
    void aCheckConstraintThatExistsRaisesDuplicateObject() {
        Finding f = one("DO $$ BEGIN\n    ALTER TABLE wh_schemas ADD CONSTRAINT ns_set CHECK (namespace <> '');\n"
                + "EXCEPTION WHEN others THEN NULL;\nEND $$;\n");
        assertTrue(
                f.help()
                        .startsWith(
                                "Catch only the condition the block expects: `WHEN duplicate_object THEN " + "NULL;`"),
                f.help());
    }

    @Test
    void aLockTimeoutInsideTheHandlersReachIsSaidToBeCaughtToo() {
        // AppFlowy-Cloud: the locking statement sits in a DO block whose WHEN others would swallow the timeout
        LintFixture.Example ex = new LintFixture.Example(
                "sqlx",
                15,
                "CREATE TABLE af_workspace (id uuid PRIMARY KEY);\n",
                "",
                "DO $$\nBEGIN\n    ALTER TABLE af_workspace ADD COLUMN note text;\nEXCEPTION WHEN others THEN\n"
                        + "    RAISE NOTICE 'skipped';\nEND $$;\n",
                false,
                "20240101000000_add_note",
                false);
        List<Finding> f = LintFixture.lint(dir.resolve("lock"), ex, Map.of()).findings().stream()
                .filter(x -> x.ruleId().equals("lock-timeout-missing"))
                .toList();
        assertEquals(1, f.size(), f.toString());
        assertTrue(
                f.get(0)
                        .help()
                        .contains("Inside the DO block at line 1 its `WHEN others` would catch the timeout " + "too"),
                f.get(0).help());
    }
}
