package io.miglint.rules.compatibility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What drop-table and drop-column say: every column of a statement in one finding, a feature removal as one. */
class DropMessagesTest {
    @TempDir
    Path tmp;

    private List<Finding> lint(String rule, String setup, String example) {
        LintFixture.Example ex = new LintFixture.Example("numbered", 15, setup, "", example, false, null, false);
        return LintFixture.lint(tmp.resolve("p" + (setup + example).hashCode()), ex, Map.of(rule, "on"))
                .findings()
                .stream()
                .filter(f -> f.ruleId().equals(rule))
                .toList();
    }

    @Test
    void aStatementDroppingSeveralColumnsIsOneFindingNamingThemAll() {
        List<Finding> f = lint(
                "drop-column",
                "CREATE TABLE edit (id bigint PRIMARY KEY, yes_votes int, no_votes int);\n",
                "ALTER TABLE edit\n  DROP COLUMN yes_votes,\n  DROP COLUMN no_votes;\n");
        assertEquals(1, f.size(), f::toString);
        assertTrue(
                f.get(0).message().startsWith("dropping edit.{yes_votes, no_votes} breaks running instances"),
                f.get(0).message());
        assertTrue(
                f.get(0).help().contains("AS SELECT id, yes_votes, no_votes FROM edit;"),
                f.get(0).help());
        assertEquals(1, f.get(0).location().line());
    }

    @Test
    void aFeatureTakenOutWithItsTriggerAndFunctionIsOneFindingThatSaysSo() {
        List<Finding> f = lint(
                "drop-table",
                "CREATE TABLE editor (id bigint PRIMARY KEY);\n"
                        + "CREATE TABLE watch_artist (editor bigint);\nCREATE TABLE watch_preferences (editor bigint);\n",
                "BEGIN;\nDROP TRIGGER IF EXISTS a_ins_editor ON editor;\nDROP FUNCTION a_ins_editor();\n"
                        + "DROP TABLE watch_artist;\nDROP TABLE watch_preferences;\nCOMMIT;\n");
        assertEquals(1, f.size(), f::toString);
        assertEquals(4, f.get(0).location().line());
        assertEquals(
                "dropping watch_artist, watch_preferences takes out part of a feature this migration removes "
                        + "(with the function and trigger dropped beside them, from line 2): running instances of the old code "
                        + "that still use that feature break, and every row of them is lost; the migration only removes "
                        + "things, so the drop is deliberate: a reminder to deploy the code that stops using them first",
                f.get(0).message());
        assertEquals(io.miglint.rule.Severity.INFO, f.get(0).severity(), "an up that only removes things");
    }

    @Test
    void anUnrelatedFunctionDroppedElsewhereInTheScriptIsNoFeatureRemoval() {
        List<Finding> f = lint(
                "drop-table",
                "CREATE TABLE clientversion (id bigint);\n",
                "DROP FUNCTION IF EXISTS tidy_names();\nSELECT 'next change';\nDROP TABLE clientversion;\n");
        assertEquals(1, f.size(), f::toString);
        assertEquals(
                "dropping clientversion breaks running instances of the old code that still query it, and "
                        + "every row is lost",
                f.get(0).message());
        assertEquals(io.miglint.rule.Severity.WARNING, f.get(0).severity(), "an up that does more than remove");
    }

    @Test
    void aPrimaryKeyColumnIsNotToldToBeMadeOptional() {
        List<Finding> f = lint(
                "drop-column",
                "CREATE TABLE memberships (group_id bigint NOT NULL, tenant text NOT NULL, PRIMARY KEY (group_id, tenant));\n",
                "ALTER TABLE memberships DROP COLUMN tenant;\n");
        assertEquals(1, f.size(), f::toString);
        assertTrue(
                f.get(0).help().contains("tenant is in the primary key and has no default"),
                f.get(0).help());
        assertTrue(!f.get(0).help().contains("DROP NOT NULL"), f.get(0).help());
    }

    @Test
    void aColumnTheMigrationMovesTheKeyOffIsMadeOptionalOnlyAfterTheNewKey() {
        // Kuma's 1589041445: DROP NOT NULL in an earlier migration would fail while namespace is still in the key
        List<Finding> f = lint(
                "drop-column",
                "CREATE TABLE resources (name text NOT NULL, namespace text NOT NULL, mesh text NOT NULL, "
                        + "PRIMARY KEY (name, namespace, mesh));\n",
                "ALTER TABLE resources\n    DROP CONSTRAINT resources_pkey,\n"
                        + "    ADD CONSTRAINT resources_pkey PRIMARY KEY (name, mesh);\n"
                        + "ALTER TABLE resources DROP COLUMN namespace;\n");
        assertEquals(1, f.size(), f::toString);
        String help = f.get(0).help();
        assertTrue(help.contains("namespace is in the primary key until this migration replaces the key"), help);
        assertTrue(
                help.contains("replace the key in a migration before that release and make it optional there, after "
                        + "the new key (`ALTER TABLE resources ALTER COLUMN namespace DROP NOT NULL;`)"),
                help);
        assertTrue(!help.contains("NOT NULL without a default, so inserts that leave it out fail"), help);
    }

    @Test
    void aTableWhoseSchemaTheMigrationDropsIsNotToldToBeRenamed() {
        // MAS's remove_apalis: a table renamed in place would stay in apalis, and DROP SCHEMA apalis would fail
        List<Finding> f = lint(
                "drop-table",
                "CREATE SCHEMA apalis;\nCREATE TABLE apalis.jobs (id text PRIMARY KEY);\n",
                "DROP TABLE IF EXISTS apalis.jobs;\nDROP SCHEMA IF EXISTS apalis;\n");
        assertEquals(1, f.size(), f::toString);
        String help = f.get(0).help();
        assertTrue(!help.contains("RENAME TO"), help);
        assertTrue(help.contains("the table would stay in schema apalis, which line 2 drops"), help);
    }

    @Test
    void aTableOfASchemaTheMigrationKeepsMayBeRenamedInstead() {
        List<Finding> f = lint(
                "drop-table",
                "CREATE SCHEMA apalis;\nCREATE TABLE apalis.jobs (id text PRIMARY KEY);\n",
                "DROP TABLE IF EXISTS apalis.jobs;\nSELECT 1;\n");
        assertEquals(1, f.size(), f::toString);
        assertTrue(
                f.get(0).help().contains("`ALTER TABLE apalis.jobs RENAME TO jobs_retired;`"),
                f.get(0).help());
    }
}
