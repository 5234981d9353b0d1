package io.miglint.rules.syntax;

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
 * Downs that PostgreSQL cannot parse, as found in real histories: each is a syntax error, and no other rule reads
 * them as the drop they were meant to be.
 */
class SyntaxErrorTest {
    private static final String SETUP = "CREATE TABLE accounts (id bigint PRIMARY KEY);\n";
    private static final String UP = "ALTER TABLE accounts ADD COLUMN note varchar(20), ADD COLUMN nickname text;\n";

    @TempDir
    Path dir;

    private List<Finding> lintDown(String down) {
        LintFixture.Example ex = new LintFixture.Example("golang-migrate", 15, SETUP, UP, down, true, null, false);
        LintFixture.Result r = LintFixture.lint(dir, ex, Map.of());
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        return r.findings();
    }

    private void assertOnlySyntaxError(String down, int line) {
        List<Finding> findings = lintDown(down);
        List<Finding> syntax =
                findings.stream().filter(f -> f.ruleId().equals("syntax-error")).toList();
        assertEquals(1, syntax.size(), findings.toString());
        assertEquals(line, syntax.get(0).location().line(), findings.toString());
        assertFalse(findings.stream().anyMatch(f -> f.ruleId().startsWith("drop-")), findings.toString());
    }

    @Test
    void aMisspelledActionIsASyntaxError() {
        assertOnlySyntaxError("ALTER TABLE accounts DROP_COLUMN note;\n", 1);
    }

    @Test
    void aColumnTypeAfterDropColumnIsASyntaxErrorNotADrop() {
        assertOnlySyntaxError("ALTER TABLE accounts DROP COLUMN note VARCHAR, DROP COLUMN nickname TEXT;\n", 1);
    }

    @Test
    void twoStatementsWithoutASemicolonAreOneSyntaxError() {
        assertOnlySyntaxError(
                "SELECT 1;\nALTER TABLE accounts DROP COLUMN note\n" + "ALTER TABLE accounts DROP COLUMN nickname;\n",
                2);
    }

    @Test
    void validPostgresqlThatIsNotModelledStaysSilent() {
        String down = String.join(
                "\n",
                "ALTER TABLE accounts ALTER COLUMN note SET STATISTICS 100;",
                "ALTER TABLE accounts SET (fillfactor = 70), REPLICA IDENTITY FULL;",
                "CREATE TABLE accounts_copy AS SELECT * FROM accounts WITH NO DATA;",
                "CREATE SCHEMA reports CREATE TABLE totals (n int);",
                "DO LANGUAGE plpgsql $$ BEGIN NULL; END $$;",
                "GRANT SELECT ON function.accounts TO PUBLIC;",
                "SET LOCAL = 0;",
                "DROP TABLE accounts_copy, reports.totals;",
                "");
        List<Finding> findings = lintDown(down);
        assertFalse(findings.stream().anyMatch(f -> f.ruleId().equals("syntax-error")), findings.toString());
    }
}
