package io.miglint.rules.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.testing.HelpSql;
import io.miglint.testing.LintFixture;
import io.miglint.testing.RuleDocPage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A type change moved to a new column and swapped in by renaming leaves on the old column whatever hangs on it: its
 * key, the foreign keys that point at it, the sequence it owns, its other constraints and indexes. The help names
 * them from the schema and builds its SQL from the statement's and the schema's names.
 */
class ChangeColumnTypeKeyHelpTest {
    @TempDir
    Path dir;

    private Finding one(String setup, String sql) {
        LintFixture.Example ex = new LintFixture.Example("golang-migrate", 15, setup, "", sql, false, null, false);
        List<Finding> found =
                LintFixture.lint(dir.resolve("m" + Math.abs(sql.hashCode())), ex, Map.of()).findings().stream()
                        .filter(f -> f.ruleId().equals("change-column-type"))
                        .toList();
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    @Test
    void anOldTypeTheScriptDropsWaitsForTheOldColumn() {
        // graph-node swaps an enum: the column moves to the new type, then the old type is dropped
        Finding f = one(
                "CREATE TYPE state_old AS ENUM ('a', 'b');\n"
                        + "CREATE TABLE deployments (id int PRIMARY KEY, state state_old NOT NULL);\n",
                "CREATE TYPE state AS ENUM ('a', 'b', 'c');\n"
                        + "ALTER TABLE deployments ALTER COLUMN state TYPE state USING state::text::state;\n"
                        + "DROP TYPE state_old;\n");
        assertTrue(
                f.help()
                        .endsWith("The DROP TYPE at line 3 then waits until the old column is dropped (`ALTER TABLE "
                                + "deployments DROP COLUMN state_old;`): until then it still uses state_old."),
                f.help());
    }

    @Test
    void aCompositeForeignKeyChangesOnlyTheColumnThatReferencesThisOne() {
        // lakekeeper's view_versions_are_i32: (view_id uuid, version_id bigint) referenced as a pair
        Finding f = one(
                "CREATE TABLE view_version (view_id uuid, version_id bigint, PRIMARY KEY (view_id, version_id));\n"
                        + "CREATE TABLE view_version_log (id bigint PRIMARY KEY, view_id uuid, version_id bigint,\n"
                        + "    FOREIGN KEY (view_id, version_id) REFERENCES view_version (view_id, version_id));\n"
                        + "CREATE TABLE view_representation (id bigint PRIMARY KEY, view_id uuid, view_version_id bigint,"
                        + "\n    FOREIGN KEY (view_id, view_version_id) REFERENCES view_version);\n",
                "ALTER TABLE view_version ALTER COLUMN version_id TYPE int4;\n");
        assertTrue(
                f.help()
                        .contains("The referencing columns must become int4 too: view_version_log.version_id (bigint), "
                                + "view_representation.view_version_id (bigint)"),
                f.help());
        assertFalse(f.help().contains("view_version_log.view_id"), f.help());
    }

    @Test
    void aReferencedSerialKeyNamesItsForeignKeysItsSequenceAndTheColumnsToWiden() {
        Finding f = one(
                "CREATE TABLE teams (team_id SERIAL PRIMARY KEY, name text);\n"
                        + "CREATE TABLE players (id bigint PRIMARY KEY, team_id integer NOT NULL,\n"
                        + "    CONSTRAINT fk_players_team FOREIGN KEY (team_id) REFERENCES teams (team_id));\n"
                        + "CREATE TABLE coaches (id bigint PRIMARY KEY, team_id bigint REFERENCES teams);\n",
                "ALTER TABLE teams ALTER COLUMN team_id TYPE BIGINT;\n");
        String h = f.help();
        assertTrue(
                f.message().startsWith("changing teams.team_id from SERIAL (integer) to BIGINT rewrites teams"),
                f.message());
        assertTrue(
                h.contains(
                        "teams.team_id is the primary key teams_pkey that 2 foreign keys of other tables "
                                + "reference (fk_players_team on players (team_id), coaches_team_id_fkey on coaches (team_id)) and "
                                + "owns the sequence teams_team_id_seq: renaming a new column into its place moves none of them"),
                h);
        assertTrue(
                h.contains(
                        "The referencing columns must become BIGINT too: players.team_id (integer), each the "
                                + "same way (or in place, at the cost of rewriting its table); coaches.team_id is BIGINT already."),
                h);
        List<String> sql = HelpSql.statements(h);
        assertEquals(
                List.of(
                        "ALTER TABLE teams ADD COLUMN team_id_new BIGINT;",
                        "CREATE UNIQUE INDEX CONCURRENTLY teams_team_id_new_key ON teams (team_id_new);",
                        "ALTER TABLE teams RENAME COLUMN team_id TO team_id_old;",
                        "ALTER TABLE teams RENAME COLUMN team_id_new TO team_id;",
                        "ALTER TABLE teams ALTER COLUMN team_id_old DROP NOT NULL;",
                        "ALTER TABLE teams ADD CONSTRAINT teams_pkey PRIMARY KEY USING INDEX teams_team_id_new_key;",
                        "ALTER SEQUENCE teams_team_id_seq AS bigint OWNED BY teams.team_id;",
                        "ALTER TABLE teams ALTER COLUMN team_id SET DEFAULT nextval('teams_team_id_seq');",
                        "ALTER TABLE teams ALTER COLUMN team_id_old DROP DEFAULT;",
                        "ALTER TABLE players VALIDATE CONSTRAINT fk_players_team;"),
                sql);
        // The re-added foreign key keeps the original's actions, which the schema does not hold: a step to complete.
        assertTrue(
                h.contains("`ALTER TABLE players ADD CONSTRAINT fk_players_team FOREIGN KEY (team_id) REFERENCES "
                        + "teams (team_id) … NOT VALID;` with its ON DELETE/ON UPDATE actions as before"),
                h);
        assertTrue(h.contains("drop the sync trigger (it names the new column), the foreign keys and teams_pkey"), h);
        assertTrue(
                h.endsWith("The whole recipe: https://github.com/miglint/miglint/blob/main/rules/"
                        + "change-column-type.md#a-key-its-foreign-keys-and-its-sequence."),
                h);
        assertFalse(h.contains("For varchar"), h);
    }

    @Test
    void anIdentityColumnMovesItsIdentityInsteadOfASequence() {
        for (String setup : List.of(
                "CREATE TABLE tags (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);\n",
                "CREATE TABLE tags (id integer PRIMARY KEY);\nALTER TABLE tags ALTER COLUMN id ADD GENERATED ALWAYS "
                        + "AS IDENTITY;\n")) {
            String h = one(setup, "ALTER TABLE tags ALTER COLUMN id TYPE bigint;\n")
                    .help();
            assertTrue(
                    h.contains("tags.id is the primary key tags_pkey and is an identity column: renaming a new "
                            + "column into its place moves none of them"),
                    h);
            assertTrue(
                    h.contains("move the identity (`ALTER TABLE tags ALTER COLUMN id_old DROP IDENTITY;` `ALTER "
                            + "TABLE tags ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH …);` past the "
                            + "highest value)"),
                    h);
            assertFalse(h.contains("ALTER SEQUENCE"), h);
        }
    }

    @Test
    void theRulePagesExampleGetsTheKeyHelpAndThePageHasTheSectionItLinksTo() throws IOException {
        RuleDocPage page = RuleDocPage.read(
                Path.of(System.getProperty("miglint.projectDir", "."), "rules", "change-column-type.md"));
        RuleDocPage.Example example = page.examples().stream()
                .filter(e -> e.block().sql().contains("ALTER TABLE accounts ALTER COLUMN id TYPE bigint"))
                .findFirst()
                .orElseThrow();
        Finding f = one(example.setup(), example.block().sql());
        assertTrue(
                f.help()
                        .contains("accounts.id is the primary key accounts_pkey that a foreign key of another "
                                + "table references (invoices_account_id_fkey on invoices (account_id)) and owns the sequence "
                                + "accounts_id_seq"),
                f.help());
        assertTrue(
                f.help().contains("The referencing columns must become bigint too: invoices.account_id " + "(integer)"),
                f.help());
        String anchor = ColumnSwap.RECIPE.substring(ColumnSwap.RECIPE.indexOf('#') + 1);
        assertTrue(
                java.nio.file.Files.readString(page.file())
                        .contains("### A key, its foreign keys and its " + "sequence\n"),
                anchor);
        assertEquals("a-key-its-foreign-keys-and-its-sequence", anchor);
    }

    @Test
    void anUnreferencedColumnsHelpNamesTheConstraintsAndIndexesThatStayBehind() {
        Finding f = one(
                "CREATE TABLE teams (id bigint PRIMARY KEY);\n"
                        + "CREATE TABLE players (id bigint PRIMARY KEY, team_id integer NOT NULL REFERENCES teams (id),\n"
                        + "    UNIQUE (team_id, id));\n"
                        + "CREATE INDEX players_team_id_idx ON players (team_id);\n",
                "ALTER TABLE players ALTER COLUMN team_id TYPE bigint;\n");
        String h = f.help();
        assertTrue(
                h.startsWith("Add a new column instead and move to it in steps: `ALTER TABLE players ADD COLUMN "
                        + "team_id_new bigint;`"),
                h);
        assertTrue(h.contains("in one short transaction, drop the trigger and swap the names"), h);
        assertTrue(
                h.contains("per batch, make it NOT NULL without a long lock (a CHECK (team_id_new IS NOT NULL) NOT "
                        + "VALID, validated, then SET NOT NULL), then switch readers"),
                h);
        assertTrue(
                h.contains("freeing the old column: `ALTER TABLE players ALTER COLUMN team_id_old DROP NOT NULL;`"), h);
        assertTrue(
                h.contains("Its other constraints and indexes, players_team_id_fkey, players_team_id_id_key, "
                        + "players_team_id_idx, stay on the old column too"),
                h);
    }

    @Test
    void aColumnWithNothingOnItKeepsTheShortRecipe() {
        Finding f = one(
                "CREATE TABLE payments (id bigint PRIMARY KEY, amount integer);\n",
                "ALTER TABLE payments ALTER COLUMN amount TYPE bigint;\n");
        assertFalse(f.help().contains("stay on the old column"), f.help());
        assertFalse(f.help().contains("NOT NULL"), f.help());
        assertFalse(f.help().contains("For varchar"), f.help());
        assertTrue(f.help().endsWith("`ALTER TABLE payments RENAME COLUMN amount_new TO amount;`)."), f.help());
    }

    @Test
    void theOldColumnsDefaultIsGivenToTheNewOne() {
        String setup = "CREATE TABLE payments (id bigint PRIMARY KEY, amount integer NOT NULL DEFAULT 0, "
                + "note varchar(40) DEFAULT 'none', paid boolean DEFAULT false);\n";
        String h = one(setup, "ALTER TABLE payments ALTER COLUMN amount TYPE bigint;\n")
                .help();
        assertTrue(
                h.startsWith("Add a new column instead and move to it in steps: `ALTER TABLE payments ADD COLUMN "
                        + "amount_new bigint;` `ALTER TABLE payments ALTER COLUMN amount_new SET DEFAULT 0;` (the old "
                        + "column's default stays with it), keep it in sync"),
                h);
        String varchar = one(setup, "ALTER TABLE payments ALTER COLUMN note TYPE varchar(20);\n")
                .help();
        assertTrue(varchar.contains("SET DEFAULT 'none';`"), varchar);
        assertTrue(varchar.endsWith("For varchar, widen the length or use text, which rewrites nothing."), varchar);
        String using = one(setup, "ALTER TABLE payments ALTER COLUMN paid TYPE integer USING paid::integer;\n")
                .help();
        assertTrue(
                using.contains("`ALTER TABLE payments ADD COLUMN paid_new integer;` give it the old column's "
                        + "default (false) in the new type, keep it in sync"),
                using);
    }
}
