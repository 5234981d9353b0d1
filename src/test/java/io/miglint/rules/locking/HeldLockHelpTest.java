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

/**
 * Messages say what the locks really block and helps stay possible where the transaction already changed the table:
 * a key dropped and added back, a column added with its default, a constraint re-added in the statement that drops
 * it, a lock_timeout finding on a dropped index's table.
 */
class HeldLockHelpTest {
    @TempDir
    Path dir;

    private List<Finding> lint(String layout, String setup, String sql, String rule) {
        LintFixture.Example ex = new LintFixture.Example(layout, 15, setup, "", sql, false, null, false);
        return LintFixture.lint(dir.resolve(rule), ex, Map.of(rule, "on")).findings().stream()
                .filter(f -> f.ruleId().equals(rule))
                .toList();
    }

    @Test
    void aPrimaryKeyAddedBackIsBuiltUnderAnotherNameAndAttached() {
        List<Finding> found = lint(
                "dbmate",
                "CREATE TABLE audit_log (id bigint NOT NULL, CONSTRAINT audit_log_pkey " + "PRIMARY KEY (id));\n",
                "ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;\n"
                        + "ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);\n",
                "add-primary-key");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .message()
                        .contains("this transaction has held ACCESS EXCLUSIVE on audit_log since " + "line 2"),
                found.get(0).message());
        String help = found.get(0).help();
        assertTrue(help.contains("`CREATE UNIQUE INDEX CONCURRENTLY audit_log_pkey_new ON audit_log (id);`"), help);
        assertTrue(
                help.contains("`ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX "
                        + "audit_log_pkey_new;`"),
                help);
        assertFalse(help.contains("CONCURRENTLY audit_log_pkey ON"), help);
    }

    @Test
    void aUniqueConstraintDroppedAndAddedInOneStatementClashesWithItsOldIndex() {
        List<Finding> found = lint(
                "dbmate",
                "CREATE TABLE users (email text, CONSTRAINT users_email_key " + "UNIQUE (email));\n",
                "ALTER TABLE users DROP CONSTRAINT users_email_key, "
                        + "ADD CONSTRAINT users_email_key UNIQUE (email);\n",
                "add-unique-constraint");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).help().contains("CREATE UNIQUE INDEX CONCURRENTLY users_email_key_new ON users"),
                found.get(0).help());
    }

    @Test
    void aKeyOnAColumnTheMigrationAddsAndRenamesIsBuiltAfterItCommits() {
        List<Finding> found = lint(
                "dbmate",
                "CREATE TABLE entity_data (id text NOT NULL, CONSTRAINT entity_data_pkey " + "PRIMARY KEY (id));\n",
                "ALTER TABLE entity_data ADD COLUMN id_uuid uuid;\n"
                        + "ALTER TABLE entity_data DROP CONSTRAINT entity_data_pkey;\n"
                        + "ALTER TABLE entity_data DROP COLUMN id;\nALTER TABLE entity_data RENAME COLUMN id_uuid TO id;\n"
                        + "ALTER TABLE entity_data ADD PRIMARY KEY (id);\n",
                "add-primary-key");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).help().startsWith("This migration adds id, so the index cannot be built before it"),
                found.get(0).help());
    }

    @Test
    void aColumnAddedWithItsDefaultIsDeclaredNotNullWhereItIsAdded() {
        List<Finding> found = lint(
                "dbmate",
                "CREATE TABLE accounts (id bigint);\n",
                "ALTER TABLE accounts ADD COLUMN plan text DEFAULT 'free';\n"
                        + "UPDATE accounts SET plan = 'free' WHERE plan IS NULL;\n"
                        + "ALTER TABLE accounts ALTER COLUMN plan SET NOT NULL;\n",
                "set-not-null");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).message().contains("although the column was added at line 2 with a default"),
                found.get(0).message());
        assertTrue(
                found.get(0)
                        .help()
                        .startsWith("Declare it NOT NULL where it is added: `ALTER TABLE accounts ADD "
                                + "COLUMN plan text NOT NULL DEFAULT 'free';`"),
                found.get(0).help());
        // Without a default, or with one that differs per row, the column is left to the backfill.
        assertEquals(
                List.of(),
                lint(
                        "dbmate",
                        "CREATE TABLE accounts (id bigint);\n",
                        "ALTER TABLE accounts ADD COLUMN plan text;\nUPDATE accounts SET plan = 'free';\n"
                                + "ALTER TABLE accounts ALTER COLUMN plan SET NOT NULL;\n",
                        "set-not-null"));
    }

    @Test
    void aForeignKeyReAddedInTheStatementThatDropsItBlocksReadsToo() {
        List<Finding> found = lint(
                "dbmate",
                "CREATE TABLE customers (id bigint PRIMARY KEY);\n"
                        + "CREATE TABLE orders (id bigint, customer_id bigint, CONSTRAINT orders_customer_fk "
                        + "FOREIGN KEY (customer_id) REFERENCES customers (id));\n",
                "ALTER TABLE orders DROP CONSTRAINT orders_customer_fk, ADD CONSTRAINT orders_customer_fk "
                        + "FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE;\n",
                "constraint-without-not-valid");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .message()
                        .contains("while the statement holds an ACCESS EXCLUSIVE lock on orders and "
                                + "a SHARE ROW EXCLUSIVE lock on the referenced table customers, blocking reads and writes of orders "
                                + "and writes to customers"),
                found.get(0).message());
    }

    @Test
    void aForeignKeyOnATableLockedEarlierSaysReadsWait() {
        List<Finding> found = lint(
                "dbmate",
                "CREATE TABLE customers (id bigint PRIMARY KEY);\n"
                        + "CREATE TABLE orders (id bigint, customer_id bigint);\n",
                "ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk "
                        + "FOREIGN KEY (customer_id) REFERENCES customers (id);\n",
                "constraint-without-not-valid");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .message()
                        .endsWith("this transaction has held ACCESS EXCLUSIVE on orders since line 2, "
                                + "so reads of orders wait for it as well"),
                found.get(0).message());
    }

    @Test
    void aLockTimeoutFindingOnADropNamesTheTable() {
        List<Finding> found = lint(
                "dbmate",
                "CREATE TABLE orders (id bigint);\nCREATE INDEX orders_id_idx ON orders " + "(id);\n",
                "DROP INDEX orders_id_idx;\n",
                "lock-timeout-missing");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .message()
                        .startsWith("takes an ACCESS EXCLUSIVE lock on orders (the table of index "
                                + "orders_id_idx) with no lock_timeout"),
                found.get(0).message());
        assertTrue(
                found.get(0).message().contains("every read and write of orders queues behind it"),
                found.get(0).message());
    }

    @Test
    void lockTableSaysWhatEachModeLetsThrough() {
        List<Finding> found = lint(
                "dbmate", "CREATE TABLE orders (id bigint);\n", "LOCK TABLE orders IN EXCLUSIVE MODE;\n", "lock-table");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).message().contains("every write and SELECT … FOR UPDATE/SHARE on orders waits"),
                found.get(0).message());
        assertTrue(
                found.get(0).message().endsWith("(plain reads go on: they do not conflict with EXCLUSIVE)"),
                found.get(0).message());
    }

    @Test
    void aReindexSaysThatThePlannerMakesNearlyEveryQueryWait() {
        List<Finding> found = lint(
                "numbered",
                "CREATE TABLE orders (id bigint);\nCREATE INDEX orders_id_idx ON orders " + "(id);\n",
                "REINDEX INDEX orders_id_idx;\n",
                "require-concurrent-reindex");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0).message().contains("nearly every query on the table waits as well"),
                found.get(0).message());
    }

    @Test
    void anIndexDroppedAndBuiltAgainUnderANewNameIsARename() {
        // Genie's V4_0_0: the table renamed, then its index dropped and built again under the table's new name
        List<Finding> found = lint(
                "golang-migrate",
                "CREATE TABLE job_applications_requested (job_id bigint, application_id bigint);\n"
                        + "CREATE INDEX job_applications_requested_application_id_index "
                        + "ON job_applications_requested (application_id);\n",
                "ALTER TABLE job_applications_requested RENAME TO job_requested_applications;\n"
                        + "DROP INDEX job_applications_requested_application_id_index;\n"
                        + "CREATE INDEX job_requested_applications_application_id_index "
                        + "ON job_requested_applications (application_id);\n",
                "require-concurrent-index");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .help()
                        .startsWith("It builds again, under a new name, the index "
                                + "job_applications_requested_application_id_index that line 2 drops (the same "
                                + "columns): rename that one instead, which builds nothing, `ALTER INDEX "
                                + "job_applications_requested_application_id_index RENAME TO "
                                + "job_requested_applications_application_id_index;`"),
                found.get(0).help());
    }

    @Test
    void anIndexBuiltUnderANameItsTableTookEarlierIsNotMovedBeforeTheRename() {
        List<Finding> found = lint(
                "golang-migrate",
                "CREATE TABLE job_applications_requested (job_id bigint, application_id bigint);\n",
                "ALTER TABLE job_applications_requested RENAME TO job_requested_applications;\n"
                        + "CREATE INDEX job_requested_applications_job_id_index ON job_requested_applications (job_id);\n",
                "require-concurrent-index");
        assertEquals(1, found.size(), found.toString());
        assertTrue(
                found.get(0)
                        .help()
                        .startsWith("The table takes this name at line 1, so the build cannot move before "
                                + "it: build it after this migration commits"),
                found.get(0).help());
        assertFalse(
                found.get(0).help().contains("move it before line"),
                found.get(0).help());
    }
}
