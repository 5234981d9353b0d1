package io.miglint.rules.compatibility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.engine.LintEngine;
import io.miglint.engine.RuleSelection;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationDiscovery;
import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.rule.Severity;
import io.miglint.rules.registry.RuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What drop-column reads from the folder's history: the expand step of an expand/contract taken by an earlier
 * migration, values the down rebuilds from another table, a generated column, a table emptied first; and its help.
 */
class DropColumnHistoryTest {
    @TempDir
    Path dir;

    /** golang-migrate migrations 1, 2, …: each pair is {up, down}; findings on the last up. */
    private List<Finding> lint(Map<String, String> rules, String[]... migrations) throws Exception {
        for (int i = 0; i < migrations.length; i++) {
            Files.writeString(dir.resolve((i + 1) + "_step.up.sql"), migrations[i][0]);
            Files.writeString(dir.resolve((i + 1) + "_step.down.sql"), migrations[i][1]);
        }
        var d = MigrationDiscovery.discover(List.of(dir), Optional.of(LayoutKind.parse("golang-migrate")));
        Map<String, String> settings = new HashMap<>(rules);
        settings.putIfAbsent("drop-column", "on");
        var sel = RuleSelection.select(RuleRegistry.instances(), settings, 15);
        String last = migrations.length + "_step.up.sql";
        return new LintEngine(new LintEngine.Settings(15, sel, RuleOptions.EMPTY, p -> true))
                .run(d.sets()).findings().stream()
                        .filter(f ->
                                f.location().file().getFileName().toString().equals(last))
                        .filter(f ->
                                f.ruleId().equals("drop-column") || f.ruleId().equals("irreversible-data-change"))
                        .toList();
    }

    private List<Finding> lint(String[]... migrations) throws Exception {
        return lint(Map.of(), migrations);
    }

    private static String[] m(String up, String down) {
        return new String[] {up, down};
    }

    private static final String[] USERS =
            m("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n", "DROP TABLE users;\n");
    private static final String[] DROP_EMAIL =
            m("ALTER TABLE users DROP COLUMN email;\n", "ALTER TABLE users ADD COLUMN email text;\n");

    @Test
    void theContractStepOfAnExpandAnEarlierMigrationTookIsNotReported() throws Exception {
        // ente 19 then 29: the replacement added and the old column made optional, one release before the drop
        List<Finding> f = lint(
                USERS,
                m(
                        "ALTER TABLE users ADD COLUMN encrypted_email bytea, ADD COLUMN email_hash text;\n"
                                + "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n",
                        "SELECT 1;\n"),
                DROP_EMAIL);
        assertEquals(List.of(), f);
    }

    @Test
    void aSiblingKeyedByTheSameParentHoldsTheColumnsNewHome() throws Exception {
        // UPchieve: student_profiles.grade_level_id moves to users_grade_levels, both keyed by user_id REFERENCES users
        String[] tables = m(
                "CREATE TABLE users (id bigint PRIMARY KEY);\n"
                        + "CREATE TABLE student_profiles (user_id bigint PRIMARY KEY REFERENCES users (id), "
                        + "grade_level_id int, note text);\n",
                "DROP TABLE student_profiles; DROP TABLE users;\n");
        String[] sibling = m(
                "CREATE TABLE users_grade_levels (user_id bigint PRIMARY KEY REFERENCES users (id), "
                        + "grade_level_id int NOT NULL);\n",
                "DROP TABLE users_grade_levels;\n");
        assertEquals(
                List.of(),
                lint(tables, sibling, m("ALTER TABLE student_profiles DROP COLUMN grade_level_id;\n", "SELECT 1;\n")));
        // a column the sibling does not hold is still lost
        assertEquals(
                1,
                lint(tables, sibling, m("ALTER TABLE student_profiles DROP COLUMN note;\n", "SELECT 1;\n"))
                        .size());
    }

    @Test
    void aColumnFilledFromOtherTablesWhenAddedLosesNothing() throws Exception {
        // Marquez V24 adds jobs.current_outputs and fills it from job_versions_io_mapping; V28 drops it
        String[] tables = m(
                "CREATE TABLE jobs (uuid uuid PRIMARY KEY);\n"
                        + "CREATE TABLE io_mapping (job_uuid uuid, dataset text);\n",
                "DROP TABLE io_mapping; DROP TABLE jobs;\n");
        String[] cache = m(
                "ALTER TABLE jobs ADD current_outputs jsonb;\n"
                        + "UPDATE jobs SET (current_outputs) = (SELECT jsonb_agg(m.dataset) FROM io_mapping m "
                        + "WHERE m.job_uuid = jobs.uuid);\n",
                "ALTER TABLE jobs DROP COLUMN current_outputs;\n");
        List<Finding> f = lint(tables, cache, m("ALTER TABLE jobs DROP COLUMN current_outputs;\n", "SELECT 1;\n"));
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.INFO, f.get(0).severity());
        assertTrue(
                f.get(0).message().contains("the migration that added it filled it from io_mapping"),
                f.get(0).message());
        // one value picked for every row is no copy of each row's
        String[] picked = m(
                "ALTER TABLE jobs ADD current_outputs jsonb;\n"
                        + "UPDATE jobs SET current_outputs = (SELECT jsonb_agg(dataset) FROM io_mapping LIMIT 1);\n",
                "ALTER TABLE jobs DROP COLUMN current_outputs;\n");
        List<Finding> g = lint(tables, picked, m("ALTER TABLE jobs DROP COLUMN current_outputs;\n", "SELECT 1;\n"));
        assertEquals(Severity.WARNING, g.get(0).severity(), g.toString());
    }

    @Test
    void aGeneratedNotNullColumnIsMadeOptionalBeforeTheReleaseThatStopsFillingIt() throws Exception {
        // kestra's taskrun_id: computed from a JSON field the new release's rows no longer carry, so NOT NULL refuses
        // them until the column is dropped; the help makes it optional first
        List<Finding> f = lint(
                m(
                        "CREATE TABLE worker_job_running (key text PRIMARY KEY, value jsonb NOT NULL, taskrun_id text "
                                + "GENERATED ALWAYS AS (value ->> 'taskRunId') STORED NOT NULL);\n",
                        "DROP TABLE worker_job_running;\n"),
                m("ALTER TABLE worker_job_running DROP COLUMN taskrun_id;\n", "SELECT 1;\n"));
        assertEquals(1, f.size(), f.toString());
        String help = f.get(0).help();
        assertTrue(
                help.contains("taskrun_id is a generated column declared NOT NULL")
                        && help.contains("`ALTER TABLE worker_job_running ALTER COLUMN taskrun_id DROP NOT NULL;`"),
                help);
        // a generated column that may be NULL needs nothing first
        List<Finding> g = lint(
                m(
                        "CREATE TABLE worker_job_running (key text PRIMARY KEY, value jsonb NOT NULL, taskrun_id text "
                                + "GENERATED ALWAYS AS (value ->> 'taskRunId') STORED);\n",
                        "DROP TABLE worker_job_running;\n"),
                m("ALTER TABLE worker_job_running DROP COLUMN taskrun_id;\n", "SELECT 1;\n"));
        assertTrue(g.isEmpty() || !g.get(0).help().contains("DROP NOT NULL"), g.toString());
    }

    @Test
    void aContractStepLeavesTheRollbackFindingAsInformationOnly() throws Exception {
        List<Finding> f = lint(
                Map.of("irreversible-data-change", "on"),
                USERS,
                m(
                        "ALTER TABLE users ADD COLUMN email_hash text;\nALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n",
                        "SELECT 1;\n"),
                DROP_EMAIL);
        assertEquals(1, f.size(), f::toString);
        assertEquals("irreversible-data-change", f.get(0).ruleId());
        assertEquals(Severity.INFO, f.get(0).severity());
    }

    @Test
    void aReplacementAddedByTheDroppingMigrationItselfIsNoExpandStep() throws Exception {
        List<Finding> f = lint(
                USERS,
                m("ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n", "SELECT 1;\n"),
                m(
                        "ALTER TABLE users ADD COLUMN email_hash text;\nALTER TABLE users DROP COLUMN email;\n",
                        "ALTER TABLE users ADD COLUMN email text;\n"));
        assertEquals(1, f.size(), f::toString);
        assertEquals(Severity.WARNING, f.get(0).severity());
    }

    @Test
    void aColumnStillRequiredOnInsertIsNoContractStepAndTheHelpSaysToRelaxItFirst() throws Exception {
        // the replacement is there, but code cannot have stopped writing a NOT NULL column without a default
        List<Finding> f =
                lint(USERS, m("ALTER TABLE users ADD COLUMN encrypted_email bytea;\n", "SELECT 1;\n"), DROP_EMAIL);
        assertEquals(1, f.size(), f::toString);
        assertTrue(
                f.get(0).help().contains("email is NOT NULL without a default")
                        && f.get(0).help().contains("`ALTER TABLE users ALTER COLUMN email DROP NOT NULL;`"),
                f.get(0).help());
    }

    @Test
    void anUnrelatedColumnAddedEarlierIsNoReplacement() throws Exception {
        List<Finding> f = lint(
                USERS,
                m("ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n", "SELECT 1;\n"),
                m("ALTER TABLE users ADD COLUMN last_login timestamptz;\n", "SELECT 1;\n"),
                DROP_EMAIL);
        assertEquals(1, f.size(), f::toString);
    }

    @Test
    void aForeignKeyRepointedUnderTheNameOfItsNewTargetIsAReplacement() throws Exception {
        // UPchieve: ended_by_user_id added ten months before ended_by_role_id is dropped
        String[] create = m(
                "CREATE TABLE user_roles (id int PRIMARY KEY);\nCREATE TABLE users (id uuid PRIMARY KEY);\n"
                        + "CREATE TABLE sessions (id uuid PRIMARY KEY, ended_by_role_id int REFERENCES user_roles (id));\n",
                "SELECT 1;\n");
        String[] drop = m(
                "ALTER TABLE sessions DROP COLUMN ended_by_role_id;\n",
                "ALTER TABLE sessions ADD COLUMN ended_by_role_id int REFERENCES user_roles (id);\n");
        assertEquals(
                List.of(),
                lint(
                        create,
                        m(
                                "ALTER TABLE sessions ADD COLUMN ended_by_user_id uuid REFERENCES users (id);\n",
                                "SELECT 1;\n"),
                        drop));
        // a column that is no foreign key, one word apart, is no such replacement
        Files.list(dir).forEach(p -> p.toFile().delete());
        assertEquals(
                1,
                lint(create, m("ALTER TABLE sessions ADD COLUMN ended_by_user_note text;\n", "SELECT 1;\n"), drop)
                        .size());
    }

    @Test
    void aColumnAnEarlierMigrationCopiedIntoItsReplacementIsNotReported() throws Exception {
        // Marquez V33 then V36
        List<Finding> f = lint(
                m("CREATE TABLE lineage_events (run_id text, event jsonb);\n", "SELECT 1;\n"),
                m(
                        "ALTER TABLE lineage_events ADD run_uuid uuid;\nUPDATE lineage_events SET run_uuid = run_id::uuid;\n",
                        "SELECT 1;\n"),
                m(
                        "ALTER TABLE lineage_events DROP COLUMN run_id;\n",
                        "ALTER TABLE lineage_events ADD COLUMN run_id text;\n"));
        assertEquals(List.of(), f);
    }

    @Test
    void aColumnMovedToATableOfOneRowPerRowMadeEarlierIsNotReported() throws Exception {
        String[] users = m("CREATE TABLE users (id uuid PRIMARY KEY, referred_by uuid);\n", "SELECT 1;\n");
        String[] drop =
                m("ALTER TABLE users DROP COLUMN referred_by;\n", "ALTER TABLE users ADD COLUMN referred_by uuid;\n");
        assertEquals(
                List.of(),
                lint(
                        users,
                        m(
                                "CREATE TABLE referrals (user_id uuid UNIQUE REFERENCES users (id), "
                                        + "referred_by uuid REFERENCES users (id));\n",
                                "SELECT 1;\n"),
                        drop));
        // many rows per user (a log): a column of the same name there is no new home for the value
        Files.list(dir).forEach(p -> p.toFile().delete());
        assertEquals(
                1,
                lint(
                                users,
                                m(
                                        "CREATE TABLE referral_events (user_id uuid REFERENCES users (id), "
                                                + "referred_by uuid);\n",
                                        "SELECT 1;\n"),
                                drop)
                        .size());
    }

    private static final String[] RELEASES = m(
            "CREATE TABLE releases (id int PRIMARY KEY, build_status bool);\n"
                    + "CREATE TABLE builds (id int PRIMARY KEY, rid int REFERENCES releases (id), build_status bool);\n",
            "SELECT 1;\n");

    @Test
    void valuesTheDownRebuildsFromAnotherTableAreInformationThatSaysNothingIsLost() throws Exception {
        // docs.rs: releases.build_status only copied the latest build's status
        List<Finding> f = lint(
                Map.of("irreversible-data-change", "on"),
                RELEASES,
                m(
                        "ALTER TABLE releases DROP COLUMN build_status;\n",
                        "ALTER TABLE releases ADD COLUMN build_status bool;\nUPDATE releases SET build_status = ("
                                + "SELECT builds.build_status FROM builds WHERE builds.rid = releases.id LIMIT 1);\n"));
        assertEquals(1, f.size(), f::toString);
        assertEquals("drop-column", f.get(0).ruleId());
        assertEquals(Severity.INFO, f.get(0).severity());
        assertEquals(
                "dropping releases.build_status breaks running instances of the old code that still select or "
                        + "insert it; its values are not lost (the down rebuilds them from builds)",
                f.get(0).message());
        assertFalse(f.get(0).help().contains("_backup"), f.get(0).help());
    }

    @Test
    void oneValuePickedForEveryRowRebuildsNothing() throws Exception {
        List<Finding> f = lint(
                RELEASES,
                m(
                        "ALTER TABLE releases DROP COLUMN build_status;\n",
                        "ALTER TABLE releases ADD COLUMN build_status bool;\n"
                                + "UPDATE releases SET build_status = (SELECT build_status FROM builds LIMIT 1);\n"));
        assertEquals(1, f.size(), f::toString);
        assertEquals(Severity.WARNING, f.get(0).severity());
        assertTrue(
                f.get(0).message().endsWith("and its values are lost for good"),
                f.get(0).message());
    }

    @Test
    void aGeneratedColumnLosesNothing() throws Exception {
        List<Finding> f = lint(
                m(
                        "CREATE TABLE schools (id int PRIMARY KEY, name text, name_search tsvector "
                                + "GENERATED ALWAYS AS (to_tsvector('english', name)) STORED);\n",
                        "SELECT 1;\n"),
                m("ALTER TABLE schools DROP COLUMN name_search;\n", "SELECT 1;\n"));
        assertEquals(1, f.size(), f::toString);
        assertEquals(Severity.INFO, f.get(0).severity());
        assertTrue(
                f.get(0).message().contains("it is generated from the row's other columns"),
                f.get(0).message());
    }

    @Test
    void aTableTheScriptEmptiedFirstHasNoValueToLose() throws Exception {
        String[] create = m("CREATE TABLE choices (id int PRIMARY KEY, question_id int, label text);\n", "SELECT 1;\n");
        assertEquals(
                List.of(),
                lint(
                        create,
                        m(
                                "BEGIN;\nTRUNCATE TABLE choices;\n"
                                        + "ALTER TABLE choices DROP COLUMN question_id;\nCOMMIT;\n",
                                "SELECT 1;\n")));
        Files.list(dir).forEach(p -> p.toFile().delete());
        assertEquals(
                1,
                lint(
                                create,
                                m(
                                        "BEGIN;\nDELETE FROM choices WHERE label IS NULL;\n"
                                                + "ALTER TABLE choices DROP COLUMN question_id;\nCOMMIT;\n",
                                        "SELECT 1;\n"))
                        .size());
    }

    @Test
    void theHelpPutsTheCodeFirstAndOffersACopyOnlyIfTheValuesMayBeNeeded() throws Exception {
        List<Finding> f = lint(
                m(
                        "CREATE TABLE queue (name text NOT NULL, version text NOT NULL, registry text, "
                                + "UNIQUE (name, version));\n",
                        "SELECT 1;\n"),
                m("ALTER TABLE queue DROP COLUMN registry;\n", "ALTER TABLE queue ADD COLUMN registry text;\n"));
        assertEquals(1, f.size(), f::toString);
        assertEquals(
                "First release code that no longer reads or writes registry and let it reach every running "
                        + "instance; drop it in a later migration. If the values may be needed again, copy them before the "
                        + "drop (`CREATE TABLE queue_registry_backup AS SELECT name, version, registry FROM queue;`), unless "
                        + "erasing them is the point of the drop (personal data, secrets).",
                f.get(0).help());
    }
}
