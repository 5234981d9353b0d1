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
}
