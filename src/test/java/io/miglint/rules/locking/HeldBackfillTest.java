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
 * A whole-table UPDATE under an ACCESS EXCLUSIVE lock the transaction already holds is the costly step: the one
 * row-check finding of the table and transaction points at it and names it, and the scans after it are covered.
 */
class HeldBackfillTest {
    @TempDir
    Path dir;

    private static final String TOKENS = "CREATE TABLE public_collection_tokens (id bigint PRIMARY KEY, "
            + "collection_id bigint NOT NULL, token text NOT NULL);\n";

    private List<Finding> lint(String name, String setup, String sql) {
        LintFixture.Example ex = new LintFixture.Example("golang-migrate", 15, setup, "", sql, false, null, false);
        return LintFixture.lint(
                        dir.resolve(name), ex, Map.of("set-not-null", "on", "constraint-without-not-valid", "on"))
                .findings()
                .stream()
                .filter(f -> f.ruleId().equals("set-not-null") || f.ruleId().equals("constraint-without-not-valid"))
                .toList();
    }

    @Test
    void theBatchedBackfillKeepsTheAliasAndTheWholeSubquery() {
        // rfcbot's move_issues_new_table: the batch form dropped the alias ic and cut the subquery at its FROM
        String setup = "CREATE TABLE issue (id serial PRIMARY KEY, number int NOT NULL);\n"
                + "CREATE TABLE issuecomment (id bigint PRIMARY KEY, fk_issue int NOT NULL, issue_id int, "
                + "CONSTRAINT issuecomment_fk_issue_fkey FOREIGN KEY (fk_issue) REFERENCES issue (id));\n";
        List<Finding> found = lint("alias", setup, """
                BEGIN;
                ALTER TABLE issuecomment DROP CONSTRAINT issuecomment_fk_issue_fkey;
                UPDATE issuecomment ic SET issue_id = (SELECT i.id FROM issue i WHERE i.number = ic.fk_issue);
                ALTER TABLE issuecomment ADD CONSTRAINT issuecomment_fk_issue_fkey
                    FOREIGN KEY (fk_issue) REFERENCES issue (id);
                COMMIT;
                """);
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .help()
                        .contains("`WITH batch AS (SELECT id FROM issuecomment ic WHERE <not yet updated> LIMIT 10000) "
                                + "UPDATE issuecomment ic SET issue_id = (SELECT i.id FROM issue i WHERE i.number = "
                                + "ic.fk_issue) WHERE id IN (SELECT id FROM batch);`"),
                found.get(0).help());

        // the column mapped from its own old value: batches of it cannot tell done rows, a new column can
        List<Finding> remap = lint("remap", setup, """
                BEGIN;
                ALTER TABLE issuecomment DROP CONSTRAINT issuecomment_fk_issue_fkey;
                UPDATE issuecomment ic SET fk_issue = (SELECT i.id FROM issue i WHERE i.number = ic.fk_issue);
                ALTER TABLE issuecomment ADD CONSTRAINT issuecomment_fk_issue_fkey
                    FOREIGN KEY (fk_issue) REFERENCES issue (id);
                COMMIT;
                """);
        assertEquals(1, remap.size(), remap.toString());
        assertTrue(
                remap.get(0)
                        .help()
                        .startsWith("Take the backfill out of the locked transaction into a new column (`ALTER TABLE "
                                + "issuecomment ADD COLUMN fk_issue_new …;`), not into batches of this UPDATE"),
                remap.get(0).help());
    }

    @Test
    void anUpdateRewritingTheDefaultsIsTheOneFindingAndNeedNotRunAtAll() {
        List<Finding> found = lint("defaults", TOKENS, """
                BEGIN;
                ALTER table public_collection_tokens
                    ADD COLUMN IF NOT EXISTS pw_hash         TEXT,
                    ADD COLUMN IF NOT EXISTS pw_nonce        TEXT,
                    ADD COLUMN IF NOT EXISTS enable_download bool DEFAULT TRUE,
                    ADD COLUMN IF NOT EXISTS enable_comment  bool DEFAULT FALSE;

                UPDATE public_collection_tokens
                SET enable_download = TRUE,
                    enable_comment  = FALSE;

                ALTER TABLE public_collection_tokens
                    ALTER COLUMN enable_download SET NOT NULL,
                    ALTER COLUMN enable_comment SET NOT NULL;

                ALTER TABLE public_collection_tokens
                    ADD CONSTRAINT pct_pw_state_constraint CHECK ( (pw_hash is NULL and pw_nonce is NULL) or
                                                                   (pw_hash is NOT NULL and pw_nonce is NOT NULL));
                COMMIT;
                """);
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals("set-not-null", f.ruleId());
        assertEquals(8, f.location().line());
        assertTrue(
                f.message()
                        .startsWith("this UPDATE rewrites every row of public_collection_tokens while the "
                                + "transaction holds ACCESS EXCLUSIVE on public_collection_tokens (taken at line 2): every read and "
                                + "write of public_collection_tokens waits until the whole rewrite is done"),
                f.message());
        assertTrue(f.message().contains("the checks of existing rows at lines 12 and 16 scan it again"), f.message());
        assertTrue(
                f.help()
                        .startsWith("It writes only the defaults the ADD COLUMN at line 2 already gave every "
                                + "existing row"),
                f.help());
        assertTrue(
                f.help()
                        .contains(
                                "`ALTER table public_collection_tokens ADD COLUMN IF NOT EXISTS enable_download "
                                        + "bool NOT NULL DEFAULT TRUE, ADD COLUMN IF NOT EXISTS enable_comment bool NOT NULL DEFAULT FALSE;`"),
                f.help());
        assertTrue(
                f.help()
                        .endsWith("The check at line 16 then is the only scan left under the lock: add it NOT "
                                + "VALID and VALIDATE in a later transaction, which blocks no reads."),
                f.help());
    }

    @Test
    void aConstantOtherThanTheDefaultBecomesTheDefaultOfTheAddedColumn() {
        List<Finding> found = lint(
                "constant",
                TOKENS,
                "BEGIN;\nALTER table public_collection_tokens\n"
                        + "    ADD COLUMN IF NOT EXISTS enable_join  bool DEFAULT TRUE;\n"
                        + "UPDATE public_collection_tokens SET enable_join = FALSE;\n"
                        + "ALTER TABLE public_collection_tokens ALTER COLUMN enable_join SET NOT NULL;\nCOMMIT;\n");
        assertEquals(1, found.size(), found.toString());
        assertEquals(4, found.get(0).location().line());
        assertTrue(
                found.get(0)
                        .help()
                        .contains("`ALTER table public_collection_tokens ADD COLUMN IF NOT EXISTS "
                                + "enable_join bool NOT NULL DEFAULT FALSE;`, give later rows their default with `ALTER table "
                                + "public_collection_tokens ALTER COLUMN enable_join SET DEFAULT TRUE;`"),
                found.get(0).help());
    }

    @Test
    void aBackfillFromOtherColumnsIsDoneInBatchesAfterTheSchemaChangeCommits() {
        List<Finding> found = lint(
                "batches",
                TOKENS,
                "ALTER TABLE public_collection_tokens ADD COLUMN label text;\n"
                        + "UPDATE public_collection_tokens SET label = 'token ' || token WHERE label IS NULL;\n"
                        + "ALTER TABLE public_collection_tokens ADD CONSTRAINT label_short CHECK (length(label) < 100);\n");
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals("constraint-without-not-valid", f.ruleId());
        assertEquals(2, f.location().line());
        assertTrue(
                f.message()
                        .startsWith("this UPDATE fills label on every row of public_collection_tokens (the "
                                + "column is new, so every row matches its WHERE)"),
                f.message());
        assertTrue(
                f.help()
                        .contains("`WITH batch AS (SELECT id FROM public_collection_tokens WHERE label IS NULL "
                                + "LIMIT 10000) UPDATE public_collection_tokens SET label = 'token ' || token WHERE id IN (SELECT id "
                                + "FROM batch);`"),
                f.help());
    }

    @Test
    void withoutACheckAfterItTheBackfillIsLeftToTheOptInDataRules() {
        assertEquals(
                List.of(),
                lint(
                        "alone",
                        TOKENS,
                        "ALTER TABLE public_collection_tokens ADD COLUMN label text;\n"
                                + "UPDATE public_collection_tokens SET label = token;\n"));
    }

    @Test
    void anUpdateOfSomeRowsLeavesTheCheckItsOwnFinding() {
        List<Finding> found = lint(
                "some",
                TOKENS,
                "ALTER TABLE public_collection_tokens ADD COLUMN label text;\n"
                        + "UPDATE public_collection_tokens SET label = token WHERE collection_id = 7;\n"
                        + "ALTER TABLE public_collection_tokens ADD CONSTRAINT label_short CHECK (length(label) < 100);\n");
        assertEquals(1, found.size(), found.toString());
        assertEquals(3, found.get(0).location().line());
        assertTrue(
                found.get(0).message().startsWith("adding CHECK constraint label_short"),
                found.get(0).message());
    }

    @Test
    void aBackfillThatReadsAColumnDroppedLaterTakesTheDropAlong() {
        // CredHub's V20_2 finds its canary by encryption_key_canary.name, then drops name: a backfill moved out of
        // the migration would run after the drop
        List<Finding> found = lint(
                "canary",
                "CREATE TABLE encryption_key_canary (uuid uuid PRIMARY KEY, name text);\n"
                        + "CREATE TABLE named_secret (uuid uuid PRIMARY KEY, value text);\n",
                "ALTER TABLE named_secret ADD COLUMN encryption_key_uuid uuid;\n"
                        + "UPDATE named_secret SET encryption_key_uuid = c.uuid\n"
                        + "  FROM (SELECT uuid FROM encryption_key_canary WHERE name = 'canary' LIMIT 1) AS c;\n"
                        + "ALTER TABLE encryption_key_canary DROP COLUMN name;\n"
                        + "ALTER TABLE named_secret ADD CONSTRAINT named_secret_key_fkey FOREIGN KEY "
                        + "(encryption_key_uuid) REFERENCES encryption_key_canary (uuid);\n");
        assertEquals(1, found.size(), found::toString);
        assertTrue(
                found.get(0)
                        .help()
                        .endsWith("The backfill reads encryption_key_canary.name, which line 4 drops: move that drop "
                                + "after the backfill too."),
                found.get(0).help());
    }
}
