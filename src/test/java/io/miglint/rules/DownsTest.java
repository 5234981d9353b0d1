package io.miglint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.testing.FolderLint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings in downs: a down that restores what its up dropped or changed is not a lock to weigh, and a help for a
 * down says what a rollback can do (it cannot move a statement into another migration, and a down of several
 * statements runs as one transaction with golang-migrate, dbmate, sqlx and diesel).
 */
class DownsTest {
    @TempDir
    Path dir;

    private void diesel(String version, String up, String down) {
        FolderLint.write(dir.resolve(version + "_change/up.sql"), up);
        FolderLint.write(dir.resolve(version + "_change/down.sql"), down);
    }

    private void golang(int version, String up, String down) {
        FolderLint.write(dir.resolve(version + "_change.up.sql"), up);
        FolderLint.write(dir.resolve(version + "_change.down.sql"), down);
    }

    private List<Finding> findings(String layout, String rule) {
        return FolderLint.findings(dir, layout, rule, RuleOptions.EMPTY);
    }

    private static Finding only(List<Finding> found) {
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    @Test
    void aMultiStatementDieselDownCannotBuildConcurrentlyAndTheHelpSaysWhatItCanDo() {
        diesel(
                "2024-01-01-000000",
                "CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz);\n",
                "DROP TABLE orders;\n");
        diesel(
                "2024-01-02-000000",
                "ALTER TABLE orders ADD COLUMN note text;\n",
                "ALTER TABLE orders DROP COLUMN note;\nCREATE INDEX orders_created_at_idx ON orders (created_at);\n");
        String help = only(findings("diesel", "require-concurrent-index")).help();
        assertTrue(
                help.startsWith(
                        "This down cannot build it CONCURRENTLY: diesel runs this down.sql as one " + "transaction"),
                help);
        assertTrue(
                help.contains(
                        "`CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_at_idx ON orders " + "(created_at);`"),
                help);
        assertFalse(help.contains("up.sql") || help.contains("migration of its own"), help);
    }

    @Test
    void aSingleStatementDieselDownCanRunOutsideATransaction() {
        diesel(
                "2024-01-01-000000",
                "CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz);\n",
                "DROP TABLE orders;\n");
        diesel(
                "2024-01-02-000000",
                "ALTER TABLE orders ADD COLUMN note text;\n",
                "CREATE INDEX orders_created_at_idx ON orders (created_at);\n");
        String help = only(findings("diesel", "require-concurrent-index")).help();
        assertTrue(
                help.contains(
                        "in this down.sql, with `run_in_transaction = false` in the migration's " + "metadata.toml"),
                help);
        assertFalse(help.contains("migration of its own"), help);
    }

    @Test
    void concurrentlyInAMultiStatementDownIsToBeDroppedNotMovedElsewhere() {
        golang(1, "CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz);\n", "DROP TABLE orders;\n");
        golang(
                2,
                "ALTER TABLE orders ADD COLUMN note text;\n",
                "ALTER TABLE orders DROP COLUMN note;\nCREATE INDEX CONCURRENTLY orders_created_at_idx ON orders "
                        + "(created_at);\n");
        String help =
                only(findings("golang-migrate", "concurrently-in-transaction")).help();
        assertTrue(
                help.startsWith("Write it without CONCURRENTLY with IF NOT EXISTS: golang-migrate sends this "
                        + "down file as one query"),
                help);
        assertFalse(help.contains("migration of its own"), help);
    }

    @Test
    void whatADownPutsBackIsNotALockToWeigh() {
        golang(
                1,
                "CREATE TABLE post (id serial PRIMARY KEY, title text NOT NULL, score int, "
                        + "created timestamp, CONSTRAINT post_title_key UNIQUE (title));\n"
                        + "CREATE INDEX idx_post_score ON post (score);\n",
                "DROP TABLE post;\n");
        golang(
                2,
                "ALTER TABLE post DROP COLUMN id;\nALTER TABLE post ALTER COLUMN title DROP NOT NULL;\n"
                        + "ALTER TABLE post DROP CONSTRAINT post_title_key;\nDROP INDEX idx_post_score;\n"
                        + "ALTER TABLE post ALTER COLUMN created TYPE timestamptz;\n",
                "ALTER TABLE post ALTER COLUMN created TYPE timestamp;\nCREATE INDEX idx_post_score ON post (score);\n"
                        + "ALTER TABLE post ADD CONSTRAINT post_title_key UNIQUE (title);\n"
                        + "UPDATE post SET title = '' WHERE title IS NULL;\n"
                        + "ALTER TABLE post ALTER COLUMN title SET NOT NULL;\n"
                        + "ALTER TABLE post ADD COLUMN id serial PRIMARY KEY;\n");
        for (String rule : List.of(
                "require-concurrent-index",
                "add-unique-constraint",
                "set-not-null",
                "change-column-type",
                "add-column-table-rewrite")) {
            assertEquals(
                    List.of(),
                    findings("golang-migrate", rule).stream()
                            .filter(f -> f.migration().direction() == io.miglint.layout.Direction.DOWN)
                            .toList(),
                    rule);
        }
    }

    @Test
    void aRestoredKeyDoesNotCountAsTheFirstBuildUnderTheHeldLockAndTheNewIndexAfterItIsReported() {
        golang(
                1,
                "CREATE TABLE post (id bigint, score int, CONSTRAINT post_id_key UNIQUE (id));\n",
                "DROP TABLE post;\n");
        golang(
                2,
                "ALTER TABLE post DROP CONSTRAINT post_id_key;\n",
                "ALTER TABLE post ADD CONSTRAINT post_id_key UNIQUE (id);\n"
                        + "CREATE INDEX post_score_idx ON post (score);\n");
        assertEquals(List.of(), findings("golang-migrate", "add-unique-constraint"));
        Finding f = only(findings("golang-migrate", "require-concurrent-index"));
        assertEquals(io.miglint.layout.Direction.DOWN, f.migration().direction());
        assertTrue(f.message().contains("already holds ACCESS EXCLUSIVE on post (taken at line 1)"), f.message());
        assertTrue(
                f.help()
                        .startsWith("This down cannot build it CONCURRENTLY: golang-migrate sends this down file "
                                + "as one query"),
                f.help());
        assertFalse(f.help().contains("migration of its own") || f.help().contains("up.sql"), f.help());
    }

    @Test
    void anEnumSwappedForARenamedCopyIsNamedByItsRealTypesAndItsRestoreIsNotReported() {
        golang(
                1,
                "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE person (id bigint, m mood);\n",
                "DROP TABLE person;\nDROP TYPE mood;\n");
        golang(
                2,
                "ALTER TYPE mood RENAME TO mood__;\nCREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
                        + "ALTER TABLE person ALTER COLUMN m TYPE mood USING m::text::mood;\nDROP TYPE mood__;\n",
                "ALTER TYPE mood RENAME TO mood__;\nCREATE TYPE mood AS ENUM ('sad', 'ok');\n"
                        + "ALTER TABLE person ALTER COLUMN m TYPE mood USING m::text::mood;\nDROP TYPE mood__;\n");
        Finding up = only(findings("golang-migrate", "change-column-type"));
        assertTrue(
                up.message().startsWith("changing person.m from mood__ to mood with a USING expression")
                        || up.message().startsWith("changing person.m from mood__ to mood "),
                up.message());
        assertEquals(io.miglint.layout.Direction.UP, up.migration().direction());
    }

    @Test
    void aDownThatNarrowsAColumnBackIsReportedForTheRowsThatMayNotFit() {
        golang(1, "CREATE TABLE community (id bigint, name varchar(20));\n", "DROP TABLE community;\n");
        golang(
                2,
                "ALTER TABLE community ALTER COLUMN name TYPE varchar(255);\n",
                "ALTER TABLE community ALTER COLUMN name TYPE varchar(20);\n");
        // a down that cuts the values to fit first has dealt with them
        golang(3, "CREATE TABLE owners (avatar varchar(255));\n", "DROP TABLE owners;\n");
        golang(
                4,
                "ALTER TABLE owners ALTER COLUMN avatar TYPE text;\n",
                "UPDATE owners SET avatar = '' WHERE length(avatar) > 255;\n"
                        + "ALTER TABLE owners ALTER COLUMN avatar TYPE varchar(255);\n");
        Finding f = only(findings("golang-migrate", "down-narrows-type"));
        assertEquals(
                "rolling back narrows community.name from varchar(255) to varchar(20): the down fails if a row "
                        + "written since the up holds a longer value",
                f.message());
        assertTrue(f.help().contains("`SELECT count(*) FROM community WHERE length(name) > 20;`"), f.help());
        // the rewrite that restores the old type is not a lock to weigh: change-column-type (off under deploy:
        // offline) says nothing here, so the failure is reported under an id that stays on there
        assertEquals(List.of(), findings("golang-migrate", "change-column-type"));
    }

    @Test
    void aSerialPrimaryKeyKeepsItsKeyAndAReferenceItsActionsInTheHelp() {
        golang(
                1,
                "CREATE TABLE account (id bigint PRIMARY KEY);\nCREATE TABLE post (title text);\n",
                "DROP TABLE post;\nDROP TABLE account;\n");
        golang(
                2,
                "ALTER TABLE post ADD COLUMN id serial PRIMARY KEY;\n"
                        + "ALTER TABLE post ADD COLUMN n bigserial REFERENCES account (id) ON DELETE CASCADE "
                        + "CHECK (n > 0);\n",
                "ALTER TABLE post DROP COLUMN n;\nALTER TABLE post DROP COLUMN id;\n");
        List<Finding> found = findings("golang-migrate", "add-column-table-rewrite");
        assertEquals(2, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .help()
                        .contains("`CREATE UNIQUE INDEX CONCURRENTLY post_pkey ON post (id);` "
                                + "`ALTER TABLE post ADD CONSTRAINT post_pkey PRIMARY KEY USING INDEX post_pkey;`"),
                found.get(0).help());
        assertTrue(
                found.get(1)
                        .help()
                        .contains("ADD CONSTRAINT post_n_fkey FOREIGN KEY (n) REFERENCES account (id) "
                                + "ON DELETE CASCADE NOT VALID;`"),
                found.get(1).help());
        assertTrue(
                found.get(1).help().contains("ADD CONSTRAINT post_n_check CHECK (n > 0) NOT VALID;`"),
                found.get(1).help());
    }

    @Test
    void aColumnADownAddsBackNotNullGetsNoDefaultItsForeignKeyWouldRefuse() {
        golang(
                1,
                "CREATE TABLE users (user_id bigint PRIMARY KEY);\n"
                        + "CREATE TABLE kex_store (id text PRIMARY KEY, user_id bigint NOT NULL REFERENCES users);\n",
                "DROP TABLE kex_store;\nDROP TABLE users;\n");
        golang(
                2,
                "ALTER TABLE kex_store DROP COLUMN user_id;\n",
                "ALTER TABLE kex_store ADD COLUMN user_id BIGINT NOT NULL;\n"
                        + "ALTER TABLE kex_store ADD CONSTRAINT fk_kex_store_user_id FOREIGN KEY (user_id) "
                        + "REFERENCES users (user_id) ON DELETE CASCADE;\n");
        List<Finding> found = findings("golang-migrate", "add-column-not-null-no-default");
        assertEquals(1, found.size(), found.toString());
        String help = found.get(0).help();
        assertTrue(help.startsWith("If the up dropped user_id, its values went with it"), help);
        assertTrue(help.contains("`ALTER TABLE kex_store ADD COLUMN user_id BIGINT;`"), help);
        assertFalse(help.contains("DEFAULT"), help);
    }

    @Test
    void aDownDroppingAnIndexItsNameTiesToATableTheDownDropsNextIsNotALockFinding() {
        golang(
                1,
                "CREATE TABLE users (id bigint PRIMARY KEY, created bigint);\n"
                        + "CREATE INDEX idx_users_created ON users (created);\n",
                "DROP TABLE users;\n");
        golang(
                2,
                "CREATE TABLE file_data (id bigint, last_sync_time bigint);\n",
                "DROP INDEX IF EXISTS idx_file_data_last_sync_time;\nDROP INDEX IF EXISTS idx_users_created;\n"
                        + "DROP TABLE IF EXISTS file_data;\n");
        List<Finding> found = findings("golang-migrate", "require-concurrent-drop-index");
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).message().startsWith("dropping index idx_users_created"), found.toString());
    }

    @Test
    void anIndexLeftBehindIsDroppedInItsTablesSchema() {
        golang(1, "CREATE SCHEMA app;\nCREATE TABLE app.t (id bigint);\n", "DROP TABLE app.t;\nDROP SCHEMA app;\n");
        golang(2, "CREATE INDEX t_id_idx ON app.t (id);\n", "SELECT 1;\n");
        List<Finding> found = findings("golang-migrate", "down-incomplete");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).help().contains("`DROP INDEX IF EXISTS app.t_id_idx;`"),
                found.get(0).help());
    }

    @Test
    void downIncompleteReportsOnlyWhatBreaksAndSaysWhich() {
        golang(1, "CREATE TABLE t (id bigint);\n", "DROP TABLE t;\n");
        // a helper function created with OR REPLACE may stay: the up's next run replaces it
        golang(
                2,
                "CREATE OR REPLACE FUNCTION now_micros() RETURNS bigint LANGUAGE sql AS 'SELECT 1';\n"
                        + "CREATE TABLE IF NOT EXISTS a (id bigint);\n",
                "DROP TABLE a;\n");
        golang(
                3,
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
                        + "CREATE TABLE IF NOT EXISTS b (id bigint);\n",
                "SELECT 1;\n");
        golang(
                4,
                "ALTER TYPE mood ADD VALUE 'happy';\nALTER TABLE t ADD COLUMN IF NOT EXISTS note text;\n",
                "SELECT 1;\n");
        List<Finding> found = findings("golang-migrate", "down-incomplete");
        assertEquals(
                List.of("3_change.down.sql", "4_change.down.sql"),
                found.stream()
                        .map(f -> f.location().file().getFileName().toString())
                        .toList());
        assertEquals(
                "function f is created by the up and left in place by the down, so the up fails when it runs "
                        + "again (it already exists); table b is created by the up and still there after the rollback (the "
                        + "up's IF NOT EXISTS skips it when it runs again), so the rolled-back schema keeps part of the new "
                        + "version",
                found.get(0).message());
        assertTrue(
                found.get(1).message().startsWith("enum value 'happy' of mood added by the up stays"),
                found.get(1).message());
        assertTrue(
                found.get(1).help().contains("Write the up's ADD VALUE with IF NOT EXISTS"),
                found.get(1).help());
    }

    @Test
    void emptyDownsWithNothingToUndoOrThatSaySoAreNotReportedAndTheHelpProposesNoFailure() {
        golang(1, "-- DROP TABLE files;\n", "");
        golang(2, "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n", "");
        golang(3, "ALTER TABLE t ALTER COLUMN id TYPE bigint;\n", "-- do nothing\n");
        golang(4, "CREATE TABLE t4 (id bigint);\n", "DROP TABLE t4;\n");
        golang(5, "CREATE TABLE t5 (id bigint);\n", "DROP TABLE t5;\n");
        golang(6, "CREATE TABLE t6 (id bigint);\n", "DROP TABLE t6;\n");
        golang(7, "CREATE TABLE t7 (id bigint);\n", "-- TODO\n");
        Finding f = only(findings("golang-migrate", "down-empty"));
        assertEquals("7_change.down.sql", f.location().file().getFileName().toString());
        assertFalse(f.help().contains("RAISE EXCEPTION") || f.help().contains("fail"), f.help());
    }

    @Test
    void aDownCannotBatchItsDeleteAndTheHelpDoesNotPretendItCan() {
        diesel(
                "2024-01-01-000000",
                "CREATE TABLE tokens (id bigint PRIMARY KEY, person_id bigint);\n",
                "DROP TABLE tokens;\n");
        diesel(
                "2024-01-02-000000",
                "ALTER TABLE tokens ALTER COLUMN person_id DROP NOT NULL;\n",
                "DELETE FROM tokens;\nALTER TABLE tokens ALTER COLUMN person_id SET NOT NULL;\n");
        String help = only(findings("diesel", "delete-without-where")).help();
        assertTrue(
                help.startsWith(
                        "This down cannot delete in batches: diesel runs this down.sql as one " + "transaction"),
                help);
        assertFalse(help.contains("repeating") || help.contains("COMMIT"), help);
    }

    @Test
    void aDownRestoringANotNullIsReportedForTheNullsTheUpAllowedUnlessItFillsThem() {
        golang(
                1,
                "CREATE TABLE users (id bigint, password text NOT NULL, email text NOT NULL);\n",
                "DROP TABLE users;\n");
        golang(
                2,
                "ALTER TABLE users ALTER COLUMN password DROP NOT NULL;\n",
                "ALTER TABLE users ALTER COLUMN password SET NOT NULL;\n");
        golang(
                3,
                "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n",
                "UPDATE users SET email = '' WHERE email IS NULL;\n"
                        + "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
        Finding f = only(findings("golang-migrate", "down-restores-not-null"));
        assertEquals(
                "rolling back makes users.password NOT NULL again: the down fails if a row written since the up "
                        + "holds NULL there (the up allowed it)",
                f.message());
        assertEquals(List.of(), findings("golang-migrate", "set-not-null"));
    }
}
