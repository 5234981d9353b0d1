package io.miglint.gate;

import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tracking table held by another session, and the way back from a failed migration, on the real server. */
@Tag("slow")
class DeployRecoveryTest {
    @TempDir
    Path tmp;

    private Path golangMigrateFolder(String secondUp) throws Exception {
        Path dir = tmp.resolve("migrations");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("1_a.up.sql"), "create table a (id int);\n");
        Files.writeString(dir.resolve("1_a.down.sql"), "drop table a;\n");
        Files.writeString(dir.resolve("2_b.up.sql"), secondUp);
        Files.writeString(dir.resolve("2_b.down.sql"), "drop table b;\n");
        return dir;
    }

    private static int pid(Connection c) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Runs miglint with a bound, so that a hang fails the test instead of stalling the build. */
    private static GateDatabases.Run bounded(String... args) throws Exception {
        return CompletableFuture.supplyAsync(() -> GateDatabases.miglint(args)).get(60, TimeUnit.SECONDS);
    }

    @Test
    void statusGateApplyAndForceNameTheSessionHoldingTheTrackingTable() throws Exception {
        Path folder = golangMigrateFolder("create table b (id int);\n");
        String db = GateDatabases.create();
        try {
            GateDatabases.Run first = GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate",
                    "--to",
                    "1");
            assertEquals(0, first.exit(), first.out() + first.err());
            try (Connection holder = GateDatabases.connect(db);
                    Statement st = holder.createStatement()) {
                st.execute("set application_name = 'manual-fix'");
                holder.setAutoCommit(false);
                st.execute("lock table schema_migrations in access exclusive mode");
                String expected = "the tracking table public.schema_migrations is locked by another session (PID "
                        + pid(holder) + ", AccessExclusiveLock, manual-fix, user postgres";
                List<GateDatabases.Run> runs = List.of(
                        bounded("status", folder.toString(), "--database-url", url(db), "--layout", "golang-migrate"),
                        bounded(
                                "gate",
                                folder.toString(),
                                "--database-url",
                                url(db),
                                "--layout",
                                "golang-migrate",
                                "--engine",
                                "url",
                                "--engine-url",
                                url("postgres")),
                        bounded(
                                "apply",
                                folder.toString(),
                                "--database-url",
                                url(db),
                                "--yes",
                                "--skip-gate",
                                "--layout",
                                "golang-migrate"),
                        bounded(
                                "force",
                                "1",
                                folder.toString(),
                                "--database-url",
                                url(db),
                                "--layout",
                                "golang-migrate"));
                for (GateDatabases.Run r : runs) {
                    assertEquals(4, r.exit(), r.out() + r.err());
                    assertTrue(r.err().contains(expected), r.err());
                    assertTrue(r.err().contains("gave up after the lock_timeout 3s"), r.err());
                    assertFalse(r.err().contains("\tat "), r.err());
                }
                holder.rollback();
            }
            assertEquals(List.of(List.of("1", "f")), rows(db, "select version, dirty from schema_migrations"));
            assertEquals(List.of(List.of("t")), rows(db, "select to_regclass('b') is null"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    /**
     * golang-migrate leaves the failed up's own version dirty; the version in effect after a file that was rolled back
     * whole is the one before it, and that is the version force must record (forcing 2 would record b as created).
     */
    @Test
    void aRolledBackGolangMigrateUpNamesTheVersionInEffect() throws Exception {
        Path folder = golangMigrateFolder("create table b (id int);\nselect 1 / 0;\n");
        String db = GateDatabases.create();
        try {
            GateDatabases.Run failed = GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate");
            assertEquals(1, failed.exit(), failed.out() + failed.err());
            assertTrue(failed.err().contains("the version in effect is 1: `miglint force 1`"), failed.err());
            assertEquals(List.of(List.of("2", "t")), rows(db, "select version, dirty from schema_migrations"));
            assertEquals(List.of(List.of("t")), rows(db, "select to_regclass('b') is null"));

            GateDatabases.Run status = GateDatabases.miglint(
                    "status", folder.toString(), "--database-url", url(db), "--layout", "golang-migrate");
            assertEquals(1, status.exit(), status.out());
            assertTrue(
                    status.out().contains("if its up left nothing behind, it is at 1: `miglint force 1`"),
                    status.out());

            GateDatabases.Run force = GateDatabases.miglint(
                    "force", "1", folder.toString(), "--database-url", url(db), "--layout", "golang-migrate");
            assertEquals(0, force.exit(), force.out() + force.err());
            Files.writeString(folder.resolve("2_b.up.sql"), "create table b (id int);\n");
            GateDatabases.Run rerun = GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate");
            assertEquals(0, rerun.exit(), rerun.out() + rerun.err());
            assertEquals(List.of(List.of("2", "f")), rows(db, "select version, dirty from schema_migrations"));
            assertEquals(List.of(List.of("f")), rows(db, "select to_regclass('b') is null"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    @Test
    void aFailedFirstGolangMigrateUpNamesMinusOne() throws Exception {
        Path dir = tmp.resolve("first");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("1_a.up.sql"), "create table a (id int);\nselect 1 / 0;\n");
        Files.writeString(dir.resolve("1_a.down.sql"), "drop table a;\n");
        String db = GateDatabases.create();
        try {
            GateDatabases.Run failed = GateDatabases.miglint(
                    "apply",
                    dir.toString(),
                    "--database-url",
                    url(db),
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate");
            assertEquals(1, failed.exit(), failed.out() + failed.err());
            assertTrue(failed.err().contains("`miglint force -1` (-1: no migration applied)"), failed.err());
            GateDatabases.Run force = GateDatabases.miglint(
                    "force", "-1", dir.toString(), "--database-url", url(db), "--layout", "golang-migrate");
            assertEquals(0, force.exit(), force.out() + force.err());
            assertEquals(List.of(), rows(db, "select version, dirty from schema_migrations"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    /** dbmate has no dirty flag: miglint's mark is cleared by force and the migration then runs again. */
    @Test
    void anInterruptedDbmateMigrationSaysItRunsAgainAfterForce() throws Exception {
        Path dir = tmp.resolve("db").resolve("migrations");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("20240101000000_a.sql"),
                "-- migrate:up transaction:false\n"
                        + "create table a (id int);\nselect 1 / 0;\n\n-- migrate:down\ndrop table a;\n");
        String db = GateDatabases.create();
        try {
            GateDatabases.Run failed = GateDatabases.miglint(
                    "apply", dir.toString(), "--database-url", url(db), "--yes", "--skip-gate", "--layout", "dbmate");
            assertEquals(1, failed.exit(), failed.out() + failed.err());
            assertTrue(
                    failed.err()
                            .contains("undo what it left in the schema, then `miglint force 20240101000000`: "
                                    + "the failed mark is cleared and 20240101000000 runs again on the next apply"),
                    failed.err());
        } finally {
            GateDatabases.drop(db);
        }
    }
}
