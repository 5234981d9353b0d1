package io.miglint.rules.locking;

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

/** The help of a unique or primary key the script drops and adds again on a column it adds itself. */
class ReAddedKeyHelpTest {
    @TempDir
    Path dir;

    private Finding only(String rule, String setup, String sql) {
        LintFixture.Example ex = new LintFixture.Example("flyway", 15, setup, "", sql, false, null, false);
        List<Finding> f = LintFixture.lint(dir, ex, Map.of()).findings().stream()
                .filter(x -> x.ruleId().equals(rule))
                .toList();
        assertEquals(1, f.size(), f.toString());
        return f.get(0);
    }

    @Test
    void aDownReAddingAColumnRestoresTheDefaultItHadBeforeTheUp() {
        LintFixture.Example ex = new LintFixture.Example(
                "golang-migrate",
                15,
                "CREATE TABLE notifications (id int PRIMARY KEY, title varchar NOT NULL DEFAULT '');\n",
                "ALTER TABLE notifications DROP COLUMN title;\n",
                "ALTER TABLE notifications ADD COLUMN title varchar NOT NULL;\n",
                true,
                null,
                false);
        List<Finding> f = LintFixture.lint(dir, ex, Map.of()).findings().stream()
                .filter(x -> x.ruleId().equals("add-column-not-null-no-default"))
                .toList();
        assertEquals(1, f.size(), f.toString());
        assertTrue(
                f.get(0).help().contains("`ALTER TABLE notifications ADD COLUMN title varchar NOT NULL DEFAULT '';`"),
                f.get(0).help());
    }

    @Test
    void aKeyKeptUntilTheSwapIsSwappedInOneStatement() {
        // Marquez V61: the old constraint's columns survive (renamed), so it can stay until the new index takes over.
        Finding f = only(
                "add-unique-constraint",
                "CREATE TABLE jobs (uuid uuid PRIMARY KEY, ns uuid, name varchar NOT NULL);\n"
                        + "ALTER TABLE jobs ADD CONSTRAINT jobs_ns_name UNIQUE (ns, name);\n",
                "ALTER TABLE jobs RENAME COLUMN name TO simple_name;\nALTER TABLE jobs ADD COLUMN name varchar;\n"
                        + "UPDATE jobs SET name = simple_name;\nALTER TABLE jobs DROP CONSTRAINT jobs_ns_name;\n"
                        + "ALTER TABLE jobs ADD CONSTRAINT jobs_ns_name UNIQUE (ns, name);\n");
        assertTrue(
                f.help()
                        .contains("`ALTER TABLE jobs DROP CONSTRAINT jobs_ns_name, ADD CONSTRAINT jobs_ns_name UNIQUE "
                                + "USING INDEX jobs_ns_name_new;`"),
                f.help());
    }

    @Test
    void aKeyWhoseColumnTheScriptDropsIsNotKeptForASwap() {
        // ente 90: dropping the old id column drops the old key with it, so there is nothing left to swap out later.
        Finding f = only(
                "add-primary-key",
                "CREATE TABLE entity_data (id bigint PRIMARY KEY, v text);\n",
                "ALTER TABLE entity_data ADD COLUMN id_text text;\nUPDATE entity_data SET id_text = id::text;\n"
                        + "ALTER TABLE entity_data ALTER COLUMN id_text SET NOT NULL;\n"
                        + "ALTER TABLE entity_data DROP CONSTRAINT entity_data_pkey;\n"
                        + "ALTER TABLE entity_data DROP COLUMN id;\n"
                        + "ALTER TABLE entity_data RENAME COLUMN id_text TO id;\n"
                        + "ALTER TABLE entity_data ADD PRIMARY KEY (id);\n");
        assertFalse(f.help().contains("DROP CONSTRAINT entity_data_pkey,"), f.help());
        assertTrue(f.help().startsWith("This migration adds id"), f.help());
    }

    @Test
    void aKeyThatForeignKeysOfTheMigrationReferenceStaysInIt() {
        // lakekeeper's string_project_ids: project_id added, keyed, then referenced in the same migration
        Finding f = only(
                "add-primary-key",
                "CREATE TABLE project (id uuid, name text);\nCREATE TABLE warehouse (id uuid, project_id text);\n",
                "ALTER TABLE project ADD COLUMN project_id text;\nUPDATE project SET project_id = id::text;\n"
                        + "ALTER TABLE project ADD PRIMARY KEY (project_id);\n"
                        + "ALTER TABLE warehouse ADD CONSTRAINT warehouse_project_fk FOREIGN KEY (project_id) "
                        + "REFERENCES project (project_id);\n");
        assertTrue(
                f.help()
                        .startsWith("The foreign key added at line 4 of this migration references project "
                                + "(project_id), which needs this PRIMARY KEY to exist first"),
                f.help());
        assertFalse(f.help().contains("CONCURRENTLY"), f.help());
    }

    private static final String TASK_CONFIG = "CREATE TABLE task_config (warehouse_id uuid NOT NULL, queue_name text "
            + "NOT NULL, PRIMARY KEY (warehouse_id, queue_name));\n";
    private static final String TASK_CONFIG_SWAP =
            "ALTER TABLE task_config DROP CONSTRAINT IF EXISTS task_config_pkey, "
                    + "ALTER COLUMN warehouse_id DROP NOT NULL, ADD COLUMN IF NOT EXISTS task_config_id uuid DEFAULT "
                    + "gen_random_uuid(), ADD PRIMARY KEY (task_config_id);\n";

    @Test
    void aKeyWhoseOldColumnLosesItsNotNullIsNotKeptForASwap() {
        // lakekeeper's task_config: one ALTER drops the key, makes a key column nullable and keys a new column
        Finding f = only("add-primary-key", TASK_CONFIG, TASK_CONFIG_SWAP);
        assertFalse(f.help().contains("move the drop with it"), f.help());
        assertTrue(
                f.help().startsWith("This migration adds task_config_id, so the index cannot be built before it"),
                f.help());
        Finding rewrite = only("add-column-volatile-default", TASK_CONFIG, TASK_CONFIG_SWAP);
        assertTrue(rewrite.help().contains("add the PRIMARY KEY of this statement only then"), rewrite.help());
        assertTrue(rewrite.help().contains("SET NOT NULL"), rewrite.help());
    }

    @Test
    void anIndexWhoseOldColumnTheScriptDropsIsNotKeptForARebuild() {
        // lakekeeper's variant_protocols: drop the index, drop the column it indexed, build the new one
        Finding f = only(
                "require-concurrent-index",
                "CREATE TABLE tabular (id bigint PRIMARY KEY, namespace_id bigint, location text, fs_location text);\n"
                        + "CREATE INDEX tabular_namespace_id_location_idx ON tabular (namespace_id, location);\n",
                "ALTER TABLE tabular ADD COLUMN fs_protocol text;\n"
                        + "DROP INDEX tabular_namespace_id_location_idx;\n"
                        + "ALTER TABLE tabular DROP COLUMN location;\n"
                        + "CREATE INDEX tabular_namespace_id_location_idx ON tabular (namespace_id, fs_location);\n");
        assertTrue(
                f.help()
                        .contains("which indexed location, a column this migration drops, so the old index "
                                + "cannot stay"),
                f.help());
        assertFalse(f.help().contains("_new"), f.help());
    }
}
