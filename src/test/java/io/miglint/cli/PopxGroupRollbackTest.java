package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * popx's generated migrations split one change into files of one statement that share a timestamp; a rollback runs
 * their downs from the last file to the first, and together they undo the group's ups, though the down of one file
 * rarely undoes its own up (ory/kratos's 20210410175418000000 … 000029).
 */
class PopxGroupRollbackTest {
    @TempDir
    Path tmp;

    private void file(String name, String sql) throws Exception {
        Files.writeString(tmp.resolve(name), sql);
    }

    @Test
    void theDownsOfAGroupUndoItsUpsTogether() throws Exception {
        file("20200101000000000000_orders.postgres.up.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
        file("20200101000000000000_orders.postgres.down.sql", "");
        // the group's change: a column, an index on it; the downs are written in the reverse order of the ups
        file("20210410175418000000_network.postgres.up.sql", "ALTER TABLE orders ADD COLUMN nid uuid;\n");
        file("20210410175418000000_network.postgres.down.sql", "DROP INDEX orders_nid_idx;\n");
        file("20210410175418000001_network.postgres.up.sql", "CREATE INDEX orders_nid_idx ON orders (nid);\n");
        file("20210410175418000001_network.postgres.down.sql", "ALTER TABLE orders DROP COLUMN nid;\n");
        Cli r = Cli.run("check", tmp.toString(), "--fail-on", "never", "--format", "json");
        assertFalse(r.out().contains("\"down-incomplete\""), r.out());
        assertFalse(r.out().contains("\"drop-column\""), r.out());
        assertFalse(r.out().contains("\"require-concurrent-drop-index\""), r.out());
    }

    @Test
    void aDownThatUndoesNothingOfItsGroupIsStillReported() throws Exception {
        file(
                "20200101000000000000_orders.postgres.up.sql",
                "CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n");
        file("20200101000000000000_orders.postgres.down.sql", "");
        file("20210410175418000000_network.postgres.up.sql", "ALTER TABLE orders ADD COLUMN nid uuid;\n");
        // drops a column of an earlier migration, which no up of the group added: data lost on rollback
        file("20210410175418000000_network.postgres.down.sql", "ALTER TABLE orders DROP COLUMN note;\n");
        file("20210410175418000001_network.postgres.up.sql", "SELECT 1;\n");
        file("20210410175418000001_network.postgres.down.sql", "ALTER TABLE orders DROP COLUMN nid;\n");
        Cli r = Cli.run("check", tmp.toString(), "--fail-on", "never", "--format", "json");
        assertTrue(r.out().contains("\"drop-column\"") || r.out().contains("\"down-incomplete\""), r.out());
    }

    @Test
    void aHelpInPostgresSqlForAFileEveryDatabaseRunsNamesTheTwin() throws Exception {
        file("20200101000000000000_orders.up.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, nid uuid);\n");
        file("20200101000000000000_orders.down.sql", "DROP TABLE orders;\n");
        file("20240101000000000000_orders_nid.up.sql", "CREATE INDEX orders_nid_idx ON orders (nid);\n");
        file("20240101000000000000_orders_nid.down.sql", "DROP INDEX orders_nid_idx;\n");
        file("20240102000000000000_orders_id.postgres.up.sql", "CREATE INDEX orders_id_idx ON orders (id, nid);\n");
        file("20240102000000000000_orders_id.postgres.down.sql", "DROP INDEX orders_id_idx;\n");
        Cli r = Cli.run("check", tmp.toString(), "--fail-on", "never", "--format", "json", "--deploy", "online");
        // the file holds nothing but the build: its twin holds the build, outside a transaction
        assertTrue(
                r.out()
                        .contains(
                                "in this file's PostgreSQL twin, "
                                        + "`20240101000000000000_orders_nid.postgres.autocommit.up.sql`, holding only that statement"),
                r.out());
        // a PostgreSQL file needs no twin; its file of its own is PostgreSQL's too
        assertFalse(r.out().contains("twin `20240102000000000000_orders_id"), r.out());
        assertTrue(
                r.out().contains("(`{version}_{name}.postgres.autocommit.up.sql`) holding only that statement"),
                r.out());
    }

    @Test
    void aStatementOfAFileEveryDatabaseRunsGoesInANewMigrationNotTheTwin() throws Exception {
        // ory/kratos's 20241031094100000001_remaining_unused_indices.autocommit.up.sql: some forty statements. Its
        // .postgres. twin would replace all of them on PostgreSQL, so one statement's file of its own is a new
        // migration, and the twin a copy of the file without that statement.
        file(
                "20200101000000000000_orders.up.sql",
                "CREATE TABLE orders (id bigint PRIMARY KEY, nid uuid);\n"
                        + "CREATE INDEX orders_nid_idx ON orders (nid);\n");
        file("20200101000000000000_orders.down.sql", "DROP TABLE orders;\n");
        file(
                "20240101000000000000_unused_indices.autocommit.up.sql",
                "CREATE INDEX IF NOT EXISTS orders_id_nid_idx ON orders (id, nid);\n"
                        + "DROP INDEX IF EXISTS orders_nid_idx;\n");
        file("20240101000000000000_unused_indices.autocommit.down.sql", "");
        Cli r = Cli.run("check", tmp.toString(), "--fail-on", "never", "--format", "json", "--deploy", "online");
        assertTrue(
                r.out()
                        .contains("`DROP INDEX CONCURRENTLY IF EXISTS orders_nid_idx;`, in a new popx migration, a "
                                + "version of its own, for PostgreSQL alone and marked `.autocommit` "
                                + "(`{version}_{name}.postgres.autocommit.up.sql`), holding only that statement"),
                r.out());
        assertTrue(
                r.out()
                        .contains("give it a twin for PostgreSQL, "
                                + "`20240101000000000000_unused_indices.postgres.autocommit.up.sql`, a copy of it without that "
                                + "statement"),
                r.out());
        assertFalse(r.out().contains("write it in a twin"), r.out());
    }

    @Test
    void aChangeToTheFileItselfGoesInATwinThatCopiesTheWholeFile() throws Exception {
        file("20200101000000000000_orders.postgres.up.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, nid uuid);\n");
        file("20200101000000000000_orders.postgres.down.sql", "DROP TABLE orders;\n");
        file(
                "20240101000000000000_orders_note.up.sql",
                "ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD COLUMN seen boolean;\n");
        file("20240101000000000000_orders_note.down.sql", "ALTER TABLE orders DROP COLUMN seen, DROP COLUMN note;\n");
        Cli r = Cli.run("check", tmp.toString(), "--fail-on", "never", "--format", "json", "--deploy", "online");
        // lock-timeout-missing: a SET before the first statement changes the file: the twin copies all of it
        assertTrue(
                r.out()
                        .contains("make the change in a twin `20240101000000000000_orders_note.postgres.up.sql`, a "
                                + "copy of the whole file with the change"),
                r.out());
    }
}
