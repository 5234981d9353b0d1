package io.miglint.gate;

import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployers racing on one database whose migrations build indexes CONCURRENTLY. Such a build waits for every
 * transaction and snapshot older than it, so a deployer that waits for the migration lock inside a statement (or a
 * transaction) and the build it waits for would wait for each other: every run here must succeed, each migration
 * run once, no index left INVALID and nothing left dirty.
 */
@Tag("slow")
class ConcurrentApplyTest {
    private static final int ROWS = 200_000;

    @TempDir
    Path tmp;

    private Path golangMigrateFolder() throws IOException {
        return golangMigrateFolder(0);
    }

    private Path golangMigrateFolder(double sleepSeconds) throws IOException {
        Path dir = tmp.resolve("gm");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("1_items.up.sql"),
                "create table items (id int, v int);\n"
                        + "insert into items select g, g % 1000 from generate_series(1, " + ROWS + ") g;\n"
                        + "select pg_sleep(" + sleepSeconds + ");\n");
        Files.writeString(dir.resolve("1_items.down.sql"), "drop table items;\n");
        Files.writeString(dir.resolve("2_items_v.up.sql"), "create index concurrently items_v on items (v);\n");
        Files.writeString(dir.resolve("2_items_v.down.sql"), "drop index concurrently items_v;\n");
        Files.writeString(dir.resolve("3_items_id.up.sql"), "create index concurrently items_id on items (id);\n");
        Files.writeString(dir.resolve("3_items_id.down.sql"), "drop index concurrently items_id;\n");
        Files.writeString(dir.resolve("4_items_note.up.sql"), "alter table items add column note text;\n");
        Files.writeString(dir.resolve("4_items_note.down.sql"), "alter table items drop column note;\n");
        return dir;
    }

    private Path dbmateFolder() throws IOException {
        Path dir = tmp.resolve("db").resolve("migrations");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("20240101000000_items.sql"),
                "-- migrate:up\n"
                        + "create table items (id int, v int);\n"
                        + "insert into items select g, g % 1000 from generate_series(1, " + ROWS + ") g;\n\n"
                        + "-- migrate:down\ndrop table items;\n");
        Files.writeString(
                dir.resolve("20240102000000_items_v.sql"),
                "-- migrate:up transaction:false\n"
                        + "create index concurrently items_v on items (v);\n\n"
                        + "-- migrate:down transaction:false\ndrop index concurrently items_v;\n");
        Files.writeString(
                dir.resolve("20240103000000_items_id.sql"),
                "-- migrate:up transaction:false\n"
                        + "create index concurrently items_id on items (id);\n\n"
                        + "-- migrate:down transaction:false\ndrop index concurrently items_id;\n");
        Files.writeString(
                dir.resolve("20240104000000_items_note.sql"),
                "-- migrate:up\n"
                        + "alter table items add column note text;\n\n-- migrate:down\nalter table items drop column note;\n");
        return dir;
    }

    private static void assertAppliedOnceAndValid(String db, List<GateDatabases.Run> runs, int migrations)
            throws Exception {
        StringBuilder logs = new StringBuilder();
        for (GateDatabases.Run r : runs) {
            assertEquals(0, r.exit(), r.out() + r.err());
            logs.append(r.err());
        }
        String all = logs.toString();
        int applied = 0;
        for (String line : all.split("\n")) {
            if (line.startsWith("miglint: applied ")) {
                applied++;
            }
        }
        assertEquals(migrations, applied, all);
        assertEquals(List.of(), rows(db, "select indexrelid::regclass::text from pg_index where not indisvalid"));
        assertEquals(List.of(List.of("2")), rows(db, "select count(*) from pg_indexes where tablename = 'items'"));
        assertEquals(List.of(List.of(Integer.toString(ROWS))), rows(db, "select count(*) from items"));
    }

    private List<GateDatabases.Run> race(int deployers, String... args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(deployers);
        try {
            List<Future<GateDatabases.Run>> futures = new ArrayList<>();
            for (int i = 0; i < deployers; i++) {
                futures.add(pool.submit(() -> GateDatabases.miglint(args)));
            }
            List<GateDatabases.Run> out = new ArrayList<>();
            for (Future<GateDatabases.Run> f : futures) {
                out.add(f.get(5, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private void golangMigrateRace(int deployers) throws Exception {
        Path folder = golangMigrateFolder();
        String db = GateDatabases.create();
        try {
            List<GateDatabases.Run> runs = race(
                    deployers,
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate");
            assertAppliedOnceAndValid(db, runs, 4);
            assertEquals(List.of(List.of("4", "f")), rows(db, "select version, dirty from schema_migrations"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    private void dbmateRace(int deployers) throws Exception {
        Path folder = dbmateFolder();
        String db = GateDatabases.create();
        try {
            List<GateDatabases.Run> runs = race(
                    deployers,
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "dbmate");
            assertAppliedOnceAndValid(db, runs, 4);
            assertEquals(List.of(List.of("4")), rows(db, "select count(*) from schema_migrations"));
            assertEquals(List.of(), rows(db, "select * from miglint_inflight"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    @Test
    void twoGolangMigrateDeployersWithConcurrentIndexBuilds() throws Exception {
        golangMigrateRace(2);
    }

    @Test
    void fiveGolangMigrateDeployersWithConcurrentIndexBuilds() throws Exception {
        golangMigrateRace(5);
    }

    /** The same race between two processes, the first migration long enough for both JVMs to be up. */
    @Test
    void twoGolangMigrateDeployerProcessesWithConcurrentIndexBuilds() throws Exception {
        Path folder = golangMigrateFolder(3);
        String db = GateDatabases.create();
        try {
            List<Process> ps = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                ps.add(ApplyReliabilityTest.start(
                        tmp.resolve(name + ".out"),
                        "apply",
                        folder.toString(),
                        "--database-url",
                        url(db),
                        "--yes",
                        "--skip-gate",
                        "--layout",
                        "golang-migrate"));
            }
            List<GateDatabases.Run> runs = new ArrayList<>();
            for (int i = 0; i < ps.size(); i++) {
                assertTrue(ps.get(i).waitFor(3, TimeUnit.MINUTES));
                String name = i == 0 ? "a" : "b";
                runs.add(new GateDatabases.Run(
                        ps.get(i).exitValue(),
                        Files.readString(tmp.resolve(name + ".out")),
                        Files.readString(tmp.resolve(name + ".out.err"))));
            }
            assertAppliedOnceAndValid(db, runs, 4);
            assertEquals(List.of(List.of("4", "f")), rows(db, "select version, dirty from schema_migrations"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    @Test
    void twoDbmateDeployersWithConcurrentIndexBuilds() throws Exception {
        dbmateRace(2);
    }

    @Test
    void fiveDbmateDeployersWithConcurrentIndexBuilds() throws Exception {
        dbmateRace(5);
    }

    /** golang-migrate's key for {@code url(db)}: its database name is the URL's path, "/" included. */
    private static long lockKey(String db) {
        return AdvisoryLockKey.golangMigrate("/" + db, "public", "schema_migrations");
    }

    private static void awaitApplySession(String db) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (!rows(
                            db,
                            "select 1 from pg_stat_activity where datname = current_database() "
                                    + "and application_name = 'miglint-apply'")
                    .isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("apply never connected to " + db);
    }

    /**
     * The holder of the migration lock builds an index CONCURRENTLY on its own session while a deployer waits for
     * that lock: the build completes (a waiter inside pg_advisory_lock() would make it fail with a deadlock), and
     * the deployer then applies everything.
     */
    @Test
    void aConcurrentBuildOnTheLockHoldersSessionDoesNotWaitForTheWaitingDeployer() throws Exception {
        Path folder = golangMigrateFolder();
        String db = GateDatabases.create();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection holder = GateDatabases.connect(db);
                Statement st = holder.createStatement()) {
            st.execute("create table other (v int)");
            st.execute("insert into other select g from generate_series(1, 100000) g");
            st.execute("select pg_advisory_lock(" + lockKey(db) + ")");
            Future<GateDatabases.Run> waiting = pool.submit(() -> GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate"));
            awaitApplySession(db);
            Thread.sleep(1500);
            st.execute("set lock_timeout = '20s'");
            st.execute("create index concurrently other_v on other (v)");
            st.execute("select pg_advisory_unlock(" + lockKey(db) + ")");
            GateDatabases.Run r = waiting.get(2, TimeUnit.MINUTES);
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(
                    r.err().contains("miglint: waiting for the migration lock held by PID " + pidOf(holder) + " "),
                    r.err());
            assertEquals(List.of(), rows(db, "select indexrelid::regclass::text from pg_index where not indisvalid"));
            assertEquals(List.of(List.of("4", "f")), rows(db, "select version, dirty from schema_migrations"));
        } finally {
            pool.shutdownNow();
            GateDatabases.drop(db);
        }
    }

    private static String pidOf(Connection c) throws Exception {
        try (Statement st = c.createStatement();
                var rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A deployer that cannot get the lock within --lock-wait gives up with exit 4 and has changed nothing. */
    @Test
    void aDeployerGivesUpAfterTheLockWait() throws Exception {
        Path folder = golangMigrateFolder();
        String db = GateDatabases.create();
        try (Connection holder = GateDatabases.connect(db);
                Statement st = holder.createStatement()) {
            st.execute("set application_name = 'deploy-42'");
            st.execute("select pg_advisory_lock(" + lockKey(db) + ")");
            GateDatabases.Run r = GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate",
                    "--lock-wait",
                    "1s");
            assertEquals(4, r.exit(), r.out() + r.err());
            String pid = pidOf(holder);
            assertTrue(
                    r.err()
                            .contains("miglint: waiting for the migration lock held by PID " + pid
                                    + " (deploy-42, user postgres"),
                    r.err());
            assertTrue(r.err().contains("the migration lock is still held by PID " + pid), r.err());
            assertTrue(r.err().contains("after 1s (--lock-wait); nothing was applied"), r.err());
            assertEquals(List.of(List.of("t")), rows(db, "select to_regclass('items') is null"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    /**
     * A dirty mark while a deployer holds the lock may be the migration it is running: status says so, and force,
     * which would clear that mark, refuses.
     */
    @Test
    void statusWarnsAndForceRefusesWhileADeployerHoldsTheLock() throws Exception {
        Path folder = golangMigrateFolder();
        String db = GateDatabases.create();
        try (Connection holder = GateDatabases.connect(db);
                Statement st = holder.createStatement()) {
            st.execute("create table schema_migrations (version bigint not null primary key, dirty boolean not null)");
            st.execute("insert into schema_migrations values (2, true)");
            st.execute("select pg_advisory_lock(" + lockKey(db) + ")");
            GateDatabases.Run status = GateDatabases.miglint(
                    "status", folder.toString(), "--database-url", url(db), "--layout", "golang-migrate");
            assertEquals(1, status.exit(), status.out() + status.err());
            assertTrue(
                    status.out().contains("a deployer holds the migration lock (PID " + pidOf(holder) + " "),
                    status.out());
            GateDatabases.Run r = GateDatabases.miglint(
                    "force", "1", folder.toString(), "--database-url", url(db), "--layout", "golang-migrate");
            assertEquals(4, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("a deployer holds the migration lock (PID " + pidOf(holder) + " "), r.err());
            assertEquals(List.of(List.of("2", "t")), rows(db, "select version, dirty from schema_migrations"));
            st.execute("select pg_advisory_unlock(" + lockKey(db) + ")");
            GateDatabases.Run after = GateDatabases.miglint(
                    "force", "1", folder.toString(), "--database-url", url(db), "--layout", "golang-migrate");
            assertEquals(0, after.exit(), after.out() + after.err());
            assertEquals(List.of(List.of("1", "f")), rows(db, "select version, dirty from schema_migrations"));
        } finally {
            GateDatabases.drop(db);
        }
    }
}
