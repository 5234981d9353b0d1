package io.miglint.gate;

import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply --lock-retries} on the real server: another session holds a lock on the table a migration alters, the
 * migration's own {@code SET lock_timeout = '100ms'} makes it fail with SQLSTATE 55P03, and what happens next. The
 * holder lets go when apply announces its retry (read from apply's stderr as it is written), so nothing depends on
 * timing; at that moment the tracking table is read, to see that it tells the truth between attempts.
 */
@Tag("slow")
class LockRetryTest {
    @TempDir
    Path tmp;

    /** stderr as apply writes it; {@code onRetry} runs, on apply's own thread, when it announces each retry. */
    private static final class Stderr extends Writer {
        final StringBuilder text = new StringBuilder();
        final List<String> seen = new ArrayList<>();
        private final SqlAction onRetry;

        Stderr(SqlAction onRetry) {
            this.onRetry = onRetry;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
            int retries = text.toString().split("; retry ", -1).length - 1;
            while (seen.size() < retries) {
                seen.add(text.toString());
                try {
                    onRetry.run(seen.size());
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @FunctionalInterface
    private interface SqlAction {
        void run(int retry) throws SQLException;
    }

    private record Run(int exit, String out, String err) {}

    private static Run apply(Stderr err, String... args) throws Exception {
        StringWriter out = new StringWriter();
        int exit = CompletableFuture.supplyAsync(
                        () -> Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true)))
                .get(120, TimeUnit.SECONDS);
        return new Run(exit, out.toString(), err.text.toString());
    }

    /**
     * A session whose open transaction holds what {@code sql} takes on table t until {@link #release}: by default
     * ACCESS EXCLUSIVE; an open write (ROW EXCLUSIVE), which a CONCURRENTLY build waits for after its first phase.
     */
    private static final class Holder implements AutoCloseable {
        static final String OPEN_WRITE = "insert into t values (1)";
        final Connection c;

        Holder(String db) throws SQLException {
            this(db, "lock table t in access exclusive mode");
        }

        Holder(String db, String sql) throws SQLException {
            c = GateDatabases.connect(db);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }

        void release() throws SQLException {
            c.rollback();
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }

    private Path dbmateFolder() throws Exception {
        Path dir = tmp.resolve("dbmate");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("20240101000000_t.sql"),
                "-- migrate:up\ncreate table t (id int);\n" + "-- migrate:down\ndrop table t;\n");
        Files.writeString(
                dir.resolve("20240102000000_c.sql"),
                "-- migrate:up\nset lock_timeout = '100ms';\n"
                        + "alter table t add column c int;\n-- migrate:down\nalter table t drop column c;\n");
        return dir;
    }

    private Path golangMigrateFolder() throws Exception {
        Path dir = tmp.resolve("golang");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("1_t.up.sql"), "create table t (id int);\n");
        Files.writeString(dir.resolve("1_t.down.sql"), "drop table t;\n");
        Files.writeString(dir.resolve("2_c.up.sql"), "set lock_timeout = '100ms';\nalter table t add column c int;\n");
        Files.writeString(dir.resolve("2_c.down.sql"), "alter table t drop column c;\n");
        return dir;
    }

    private static String[] args(Path folder, String db, String layout, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "apply", folder.toString(), "--database-url", url(db), "--layout", layout, "--yes", "--skip-gate"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static boolean columnC(String db) throws SQLException {
        return rows(db, "select count(*) from information_schema.columns where table_name = 't' and column_name = 'c'")
                .equals(List.of(List.of("1")));
    }

    /** dbmate runs a section in a transaction: between attempts the table has no row for it; after, it has. */
    @Test
    void aTransactionalMigrationIsRetriedAfterTheHolderLetsGo() throws Exception {
        Path folder = dbmateFolder();
        String db = GateDatabases.create();
        try {
            assertEquals(
                    0,
                    apply(new Stderr(n -> {}), args(folder, db, "dbmate", "--to", "20240101000000"))
                            .exit());
            List<List<List<String>>> between = new ArrayList<>();
            try (Holder holder = new Holder(db)) {
                Run r = apply(
                        new Stderr(n -> {
                            between.add(rows(db, "select version from schema_migrations order by version"));
                            holder.release();
                        }),
                        args(folder, db, "dbmate", "--lock-retries", "3", "--lock-retry-delay", "10ms"));
                assertEquals(0, r.exit(), r.out() + r.err());
                assertTrue(
                        r.err()
                                .contains(
                                        "miglint: 20240102000000 c (up) hit a lock timeout (SQLSTATE 55P03) and "
                                                + "was rolled back whole; nothing was recorded; retry 1 of 3 in 10ms, in a new transaction"),
                        r.err());
                assertTrue(r.err().contains("miglint: applied 20240102000000 c ("), r.err());
                assertTrue(r.err().contains(", on attempt 2)"), r.err());
                assertFalse(r.err().contains("retry 2 of"), r.err());
            }
            assertEquals(List.of(List.of(List.of("20240101000000"))), between);
            assertEquals(
                    List.of(List.of("20240101000000"), List.of("20240102000000")),
                    rows(db, "select version from schema_migrations order by version"));
            assertTrue(columnC(db));
        } finally {
            GateDatabases.drop(db);
        }
    }

    /**
     * golang-migrate marks every migration dirty before it runs: between attempts the table says version 2, dirty
     * (as after any failure), and after the retry version 2, clean.
     */
    @Test
    void golangMigrateStaysDirtyBetweenAttemptsAndCleanAfter() throws Exception {
        Path folder = golangMigrateFolder();
        String db = GateDatabases.create();
        try {
            assertEquals(
                    0,
                    apply(new Stderr(n -> {}), args(folder, db, "golang-migrate", "--to", "1"))
                            .exit());
            List<List<List<String>>> between = new ArrayList<>();
            try (Holder holder = new Holder(db)) {
                Run r = apply(
                        new Stderr(n -> {
                            between.add(rows(db, "select version, dirty from schema_migrations"));
                            if (n == 2) {
                                holder.release();
                            }
                        }),
                        args(folder, db, "golang-migrate", "--lock-retries", "2", "--lock-retry-delay", "10ms"));
                assertEquals(0, r.exit(), r.out() + r.err());
                assertTrue(
                        r.err()
                                .contains("the tracking table keeps it marked as failed until an attempt succeeds; "
                                        + "retry 1 of 2 in 10ms"),
                        r.err());
                assertTrue(r.err().contains("retry 2 of 2 in 20ms"), "the wait doubles: " + r.err());
                assertTrue(r.err().contains(", on attempt 3)"), r.err());
            }
            assertEquals(List.of(List.of(List.of("2", "t")), List.of(List.of("2", "t"))), between);
            assertEquals(List.of(List.of("2", "f")), rows(db, "select version, dirty from schema_migrations"));
            assertTrue(columnC(db));
        } finally {
            GateDatabases.drop(db);
        }
    }

    /** Without --lock-retries the first lock timeout ends the run with the failure code, and says what would retry. */
    @Test
    void withoutRetriesALockTimeoutFailsAsBefore() throws Exception {
        Path folder = dbmateFolder();
        String db = GateDatabases.create();
        try {
            assertEquals(
                    0,
                    apply(new Stderr(n -> {}), args(folder, db, "dbmate", "--to", "20240101000000"))
                            .exit());
            try (Holder holder = new Holder(db)) {
                Run r = apply(
                        new Stderr(n -> {
                            throw new AssertionError("no retry without --lock-retries");
                        }),
                        args(folder, db, "dbmate"));
                assertEquals(1, r.exit(), r.out() + r.err());
                assertTrue(
                        r.err()
                                .contains(
                                        "canceling statement due to lock timeout (SQLSTATE 55P03); rolled back, "
                                                + "nothing recorded (a lock timeout: `--lock-retries N` runs it again, in a new transaction)"),
                        r.err());
                holder.release();
            }
            assertEquals(List.of(List.of("20240101000000")), rows(db, "select version from schema_migrations"));
            assertFalse(columnC(db));
        } finally {
            GateDatabases.drop(db);
        }
    }

    /** The holder never lets go: 1 + N attempts, then the failure code, the table as after any failure. */
    @Test
    void retriesRunOut() throws Exception {
        Path folder = golangMigrateFolder();
        String db = GateDatabases.create();
        try {
            assertEquals(
                    0,
                    apply(new Stderr(n -> {}), args(folder, db, "golang-migrate", "--to", "1"))
                            .exit());
            try (Holder holder = new Holder(db)) {
                Run r = apply(
                        new Stderr(n -> {}),
                        args(folder, db, "golang-migrate", "--lock-retries", "2", "--lock-retry-delay", "10ms"));
                assertEquals(1, r.exit(), r.out() + r.err());
                assertTrue(r.err().contains("retry 2 of 2"), r.err());
                assertFalse(r.err().contains("retry 3 of"), r.err());
                assertTrue(
                        r.err()
                                .contains("(SQLSTATE 55P03); left marked as failed (after 3 lock timeouts in a row; "
                                        + "--lock-retries 2): if it left nothing in the schema"),
                        r.err());
                holder.release();
            }
            assertEquals(List.of(List.of("2", "t")), rows(db, "select version, dirty from schema_migrations"));
            assertFalse(columnC(db));
        } finally {
            GateDatabases.drop(db);
        }
    }

    /**
     * A psql-style script runs statement by statement in autocommit: its first statement committed before the second
     * timed out, so running it again would create x twice. It is not retried, and the output says why.
     */
    @Test
    void aMigrationThatRanOutsideATransactionIsNotRetried() throws Exception {
        Path dir = tmp.resolve("numbered");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("001_t.sql"), "create table t (id int);\n");
        Files.writeString(
                dir.resolve("002_x.sql"),
                "create table x (id int);\nset lock_timeout = '100ms';\n" + "alter table t add column c int;\n");
        String db = GateDatabases.create();
        try {
            assertEquals(
                    0,
                    apply(new Stderr(n -> {}), args(dir, db, "numbered", "--to", "001"))
                            .exit());
            try (Holder holder = new Holder(db)) {
                Run plan = apply(new Stderr(n -> {}), args(dir, db, "numbered", "--lock-retries", "3", "--dry-run"));
                assertTrue(
                        plan.out()
                                .contains("  002 x (up): outside a transaction, statement by statement as psql "
                                        + "runs it (its own BEGIN/COMMIT decide); marked before it runs, recorded after; not retried "
                                        + "after a lock timeout: it runs statement by statement outside a transaction"),
                        plan.out());
                Run r = apply(
                        new Stderr(n -> {
                            throw new AssertionError("a partly applied migration must not run again");
                        }),
                        args(dir, db, "numbered", "--lock-retries", "3", "--lock-retry-delay", "10ms"));
                assertEquals(1, r.exit(), r.out() + r.err());
                assertTrue(
                        r.err()
                                .contains("miglint: 002 x (up) is not run again after its lock timeout "
                                        + "(--lock-retries 3): it runs statement by statement outside a transaction, so the "
                                        + "statements before the one that failed stay applied; running it again without looking "
                                        + "could apply that twice"),
                        r.err());
                assertTrue(r.err().contains("(SQLSTATE 55P03); left marked as failed: "), r.err());
                holder.release();
            }
            assertEquals(List.of(List.of("t")), rows(db, "select to_regclass('x') is not null"));
            assertEquals(
                    List.of(List.of("002_x.sql", "up")), rows(db, "select version, direction from miglint_inflight"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    private Path concurrentBuildFolder() throws Exception {
        Path dir = tmp.resolve("cic");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("1_t.up.sql"), "create table t (id int);\n");
        Files.writeString(dir.resolve("1_t.down.sql"), "drop table t;\n");
        Files.writeString(dir.resolve("2_i.up.sql"), "create index concurrently if not exists t_id_idx on t (id);\n");
        Files.writeString(dir.resolve("2_i.down.sql"), "drop index concurrently if exists t_id_idx;\n");
        return dir;
    }

    private static List<List<String>> indexValid(String db) throws SQLException {
        return rows(
                db,
                "select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid "
                        + "where c.relname = 't_id_idx'");
    }

    /**
     * A CONCURRENTLY build that times out waiting for a writer, after its first phase, leaves its index INVALID; an
     * IF NOT EXISTS rerun would keep that index and build nothing. The retry drops it first, and builds a valid one.
     */
    @Test
    void aConcurrentBuildIsRetriedAfterItsInvalidIndexIsDropped() throws Exception {
        Path folder = concurrentBuildFolder();
        String db = GateDatabases.create();
        try {
            assertEquals(
                    0,
                    apply(new Stderr(n -> {}), args(folder, db, "golang-migrate", "--to", "1"))
                            .exit());
            List<List<List<String>>> between = new ArrayList<>();
            try (Holder writer = new Holder(db, Holder.OPEN_WRITE)) {
                Run r = apply(
                        new Stderr(n -> {
                            between.add(indexValid(db));
                            writer.release();
                        }),
                        args(
                                folder,
                                db,
                                "golang-migrate",
                                "--lock-timeout",
                                "300ms",
                                "--lock-retries",
                                "2",
                                "--lock-retry-delay",
                                "10ms"));
                assertEquals(0, r.exit(), r.out() + r.err());
                assertTrue(r.err().contains("hit a lock timeout (SQLSTATE 55P03) in its CONCURRENTLY build"), r.err());
                assertTrue(
                        r.err()
                                .contains("miglint: dropped the INVALID index public.t_id_idx the failed build left "
                                        + "behind, before building it again"),
                        r.err());
                assertTrue(r.err().contains(", on attempt 2)"), r.err());
            }
            assertEquals(List.of(List.of(List.of("f"))), between, "the failed build left its index INVALID");
            assertEquals(List.of(List.of("t")), indexValid(db));
            assertEquals(List.of(List.of("2", "f")), rows(db, "select version, dirty from schema_migrations"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    /** Without retries the failure says which INVALID index the build left and how to drop it. */
    @Test
    void aFailedConcurrentBuildNamesTheInvalidIndexItLeft() throws Exception {
        Path folder = concurrentBuildFolder();
        String db = GateDatabases.create();
        try {
            assertEquals(
                    0,
                    apply(new Stderr(n -> {}), args(folder, db, "golang-migrate", "--to", "1"))
                            .exit());
            try (Holder writer = new Holder(db, Holder.OPEN_WRITE)) {
                Run r = apply(
                        new Stderr(n -> {
                            throw new AssertionError("no retry without --lock-retries");
                        }),
                        args(folder, db, "golang-migrate", "--lock-timeout", "300ms"));
                assertEquals(1, r.exit(), r.out() + r.err());
                assertTrue(
                        r.err()
                                .contains("it left the INVALID index public.t_id_idx behind: drop it (`DROP INDEX "
                                        + "CONCURRENTLY IF EXISTS public.t_id_idx;`) before running it again"),
                        r.err());
                writer.release();
            }
            assertEquals(List.of(List.of("f")), indexValid(db));
            assertEquals(List.of(List.of("2", "t")), rows(db, "select version, dirty from schema_migrations"));
        } finally {
            GateDatabases.drop(db);
        }
    }

    @Test
    void aNegativeCountIsAUsageError() throws Exception {
        Run r = apply(
                new Stderr(n -> {}),
                "apply",
                tmp.toString(),
                "--database-url",
                url("postgres"),
                "--lock-retries",
                "-1",
                "--yes");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--lock-retries needs a count (0 or more)"), r.err());
    }
}
