package io.miglint.rules.data;

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
 * Whole-table DELETE, TRUNCATE and UPDATE: what the script around them shows changes what is said. A help never
 * proposes batches inside a file the tool runs as one transaction, nor batches that a later statement of the script
 * cannot wait for.
 */
class WholeTableHelpTest {
    @TempDir
    Path tmp;

    private List<Finding> lint(String layout, String rule, String setup, String example) {
        LintFixture.Example ex = new LintFixture.Example(layout, 15, setup, "", example, false, null, false);
        return LintFixture.lint(tmp.resolve("p" + (layout + setup + example).hashCode()), ex, Map.of(rule, "on"))
                .findings()
                .stream()
                .filter(f -> f.ruleId().equals(rule))
                .toList();
    }

    private Finding one(String layout, String rule, String setup, String example) {
        List<Finding> f = lint(layout, rule, setup, example);
        assertEquals(1, f.size(), f::toString);
        return f.get(0);
    }

    @Test
    void aPurgeInAFileTheToolRunsAsOneTransactionIsBatchedOutsideIt() {
        Finding f = one(
                "golang-migrate",
                "delete-without-where",
                "CREATE TABLE sessions (token text PRIMARY KEY, expires_at timestamptz);\n",
                "DELETE FROM sessions;\nALTER TABLE sessions ADD COLUMN ip text;\n");
        assertTrue(f.help().contains("from a one-off job outside the migration"), f.help());
        assertTrue(f.help().contains("a golang-migrate file holding only that statement"), f.help());
        assertTrue(f.help().contains("SELECT token FROM sessions LIMIT 10000"), "the table's own key: " + f.help());
        assertFalse(f.help().contains("in place of id"), f.help());
    }

    @Test
    void aPurgeALaterNotNullColumnNeedsIsKeptWhereItIs() {
        for (String rule : List.of("delete-without-where", "truncate")) {
            String statement = rule.equals("truncate") ? "TRUNCATE casting;\n" : "DELETE FROM casting;\n";
            Finding f = one(
                    "golang-migrate",
                    rule,
                    "CREATE TABLE casting (id bigint PRIMARY KEY, code text);\n",
                    statement + "ALTER TABLE casting ADD COLUMN ip text NOT NULL;\n");
            assertTrue(
                    f.help().contains("the statement at line 2 adds a NOT NULL column without a default")
                            || f.help().contains("The statement at line 2 adds a NOT NULL column without a default"),
                    f.help());
            assertFalse(f.help().contains("batch"), rule + " must not propose batches: " + f.help());
            assertTrue(f.help().contains("CREATE TABLE casting_backup AS SELECT * FROM casting;"), f.help());
        }
    }

    @Test
    void aHeaderNamingTheTableExplainsNothingASentenceDoes() {
        String setup = "CREATE TABLE tokens (id bigint PRIMARY KEY);\n";
        assertEquals(
                1,
                lint("numbered", "delete-without-where", setup, "-- tokens\nDELETE FROM tokens;\n")
                        .size());
        assertEquals(
                0,
                lint(
                                "numbered",
                                "delete-without-where",
                                setup,
                                "-- Old tokens are invalid after the key rotation.\nDELETE FROM tokens;\n")
                        .size());
        assertEquals(
                1,
                lint(
                                "numbered",
                                "delete-without-where",
                                setup,
                                "-- Old tokens are invalid after the key rotation.\n\nDELETE FROM tokens;\n")
                        .size(),
                "a blank line between: the comment is about something else");
        assertEquals(
                0,
                lint(
                                "numbered",
                                "truncate",
                                setup,
                                "-- Old tokens are invalid after the key rotation.\nBEGIN;\nTRUNCATE tokens;\nCOMMIT;\n")
                        .size(),
                "the comment above the BEGIN that opens the purge");
    }

    @Test
    void aReloadInTheSameTransactionIsSilentAfterACommitItIsNot() {
        String setup = "CREATE TABLE totals (id bigint PRIMARY KEY, n integer);\n";
        assertEquals(
                0,
                lint(
                                "numbered",
                                "truncate",
                                setup,
                                "BEGIN;\nTRUNCATE totals;\nINSERT INTO totals SELECT 1, 2;\nCOMMIT;\n")
                        .size());
        assertEquals(
                1,
                lint(
                                "numbered",
                                "truncate",
                                setup,
                                "BEGIN;\nTRUNCATE totals;\nCOMMIT;\nBEGIN;\nINSERT INTO totals SELECT 1, 2;\nCOMMIT;\n")
                        .size());
    }

    @Test
    void aBackfillOfAColumnJustAddedSaysTheLockIsHeldAnywayAndMovesTheSetNotNullToo() {
        Finding f = one(
                "golang-migrate",
                "update-without-where",
                "CREATE TABLE runs (id bigint PRIMARY KEY);\n",
                "ALTER TABLE runs ADD COLUMN job_name text;\nUPDATE runs SET job_name = 'x';\n"
                        + "ALTER TABLE runs ALTER COLUMN job_name SET NOT NULL;\n");
        assertTrue(
                f.message().contains("adding the column already locks runs until the migration commits"), f.message());
        assertTrue(f.help().contains("the SET NOT NULL at line 3 then goes in a later migration"), f.help());
        assertTrue(f.help().contains("outside the migration"), f.help());
    }

    @Test
    void aWholeTableUpdateOfASeededLookupTableIsNotReported() {
        assertEquals(
                0,
                lint(
                                "numbered",
                                "update-without-where",
                                "CREATE TABLE kinds (id smallint PRIMARY KEY, name text);\n"
                                        + "INSERT INTO kinds VALUES (1, 'a'), (2, 'b');\n",
                                "ALTER TABLE kinds ADD COLUMN gid uuid;\nUPDATE kinds SET gid = gen_random_uuid();\n")
                        .size());
    }

    @Test
    void droppingNotNullOnAUniqueColumnProposesNoDefault() {
        Finding unique = one(
                "numbered",
                "drop-not-null",
                "CREATE TABLE users (id bigint PRIMARY KEY, mongo_id text NOT NULL UNIQUE);\n",
                "ALTER TABLE users ALTER COLUMN mongo_id DROP NOT NULL;\n");
        assertFalse(unique.help().contains("SET DEFAULT"), unique.help());
        Finding plain = one(
                "numbered",
                "drop-not-null",
                "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
                "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n");
        assertTrue(plain.help().contains("SET DEFAULT"), plain.help());
    }
}
