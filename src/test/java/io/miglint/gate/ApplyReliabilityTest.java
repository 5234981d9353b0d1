package io.miglint.gate;

import static io.miglint.gate.GateDatabases.rows;
import static io.miglint.gate.GateDatabases.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply as a real process against the real server: killed, raced, cut off; and passwords never leak. */
@Tag("slow")
class ApplyReliabilityTest {
    static final int MIGRATIONS = 3;

    @TempDir
    Path tmp;

    Path golangMigrateFolder(double sleepSeconds) throws IOException {
        Path dir = tmp.resolve("migrations");
        Files.createDirectories(dir);
        for (int i = 1; i <= MIGRATIONS; i++) {
            Files.writeString(
                    dir.resolve(i + "_create_t" + i + ".up.sql"),
                    "create table t" + i + " (id int);\nselect pg_sleep(" + sleepSeconds + ");\ninsert into t" + i
                            + " values (" + i + ");\n");
            Files.writeString(dir.resolve(i + "_create_t" + i + ".down.sql"), "drop table t" + i + ";\n");
        }
        return dir;
    }

    static Process start(Path stdout, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.miglint.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .redirectOutput(stdout.toFile())
                .redirectError(
                        stdout.resolveSibling(stdout.getFileName() + ".err").toFile())
                .start();
    }

    /** After a kill, every table exists exactly when its migration is recorded as applied and clean. */
    static void assertTrackingMatchesSchema(String db) throws Exception {
        boolean created =
                rows(db, "select to_regclass('schema_migrations')").get(0).get(0) != null;
        List<List<String>> state = created ? rows(db, "select version, dirty from schema_migrations") : List.of();
        long version = state.isEmpty() ? -1 : Long.parseLong(state.get(0).get(0));
        boolean dirty = !state.isEmpty() && state.get(0).get(1).equals("t");
        for (int i = 1; i <= MIGRATIONS; i++) {
            boolean exists = !rows(db, "select 1 from pg_tables where tablename = 't" + i + "'")
                    .isEmpty();
            if (i == version && dirty) {
                // dirty means "look before you force": the one query either committed or rolled back as a whole
                if (exists) {
                    assertEquals(List.of(List.of(Integer.toString(i))), rows(db, "select id from t" + i));
                }
                continue;
            }
            boolean recorded = i < version || (i == version && !dirty);
            assertEquals(recorded, exists, "t" + i + " vs version " + version + " dirty " + dirty);
        }
    }

    /**
     * A killed client's backend runs on until the server notices the connection is gone (apply sets
     * client_connection_check_interval), and may still commit what it was doing: the state is only final once that
     * session has ended, so wait for it before reading the tracking table.
     */
    private static void awaitServerDoneWithKilledSession(String db) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (rows(
                            db,
                            "select 1 from pg_stat_activity where datname = current_database() "
                                    + "and pid <> pg_backend_pid()")
                    .isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the killed session of " + db + " is still running after 10 s");
    }

    @Test
    void killedAtARandomMomentLeavesTheTruthAndARerunCompletes() throws Exception {
        Path folder = golangMigrateFolder(0.15);
        Random random = new Random(42);
        int dirtySeen = 0;
        for (int round = 0; round < 20; round++) {
            String db = GateDatabases.create();
            try {
                Process p = start(
                        tmp.resolve("kill" + round + ".out"),
                        "apply",
                        folder.toString(),
                        "--database-url",
                        url(db),
                        "--yes",
                        "--skip-gate",
                        "--layout",
                        "golang-migrate");
                // even rounds kill at a moment counted from the process start (early kills too); odd ones from the
                // moment the tool's table exists: a loaded machine starts the JVM slower than a fixed window allows,
                // and then no kill landed inside a migration
                if (round % 2 == 1) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (p.isAlive()
                            && System.nanoTime() < deadline
                            && rows(db, "select to_regclass('schema_migrations')")
                                            .get(0)
                                            .get(0)
                                    == null) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(random.nextInt(700));
                } else {
                    Thread.sleep(300 + random.nextInt(700));
                }
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                awaitServerDoneWithKilledSession(db);
                assertTrackingMatchesSchema(db);
                boolean created = rows(db, "select to_regclass('schema_migrations')")
                                .get(0)
                                .get(0)
                        != null;
                List<List<String>> state =
                        created ? rows(db, "select version, dirty from schema_migrations") : List.of();
                if (!state.isEmpty() && state.get(0).get(1).equals("t")) {
                    dirtySeen++;
                    long v = Long.parseLong(state.get(0).get(0));
                    boolean applied = !rows(db, "select 1 from pg_tables where tablename = 't" + v + "'")
                            .isEmpty();
                    GateDatabases.Run status = GateDatabases.miglint(
                            "status", folder.toString(), "--database-url", url(db), "--layout", "golang-migrate");
                    assertEquals(1, status.exit(), status.out());
                    assertTrue(status.out().contains("failed"), status.out());
                    GateDatabases.Run force = GateDatabases.miglint(
                            "force",
                            Long.toString(applied ? v : v - 1 == 0 ? -1 : v - 1),
                            folder.toString(),
                            "--database-url",
                            url(db),
                            "--layout",
                            "golang-migrate");
                    assertEquals(0, force.exit(), force.out() + force.err());
                }
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
                assertEquals(
                        List.of(List.of(Integer.toString(MIGRATIONS), "f")),
                        rows(db, "select version, dirty from schema_migrations"));
                assertTrackingMatchesSchema(db);
            } finally {
                GateDatabases.drop(db);
            }
        }
        assertTrue(dirtySeen > 0, "no kill landed inside a migration; widen the window");
    }

    @Test
    void twoDeployersSerialiseAndNothingRunsTwice() throws Exception {
        Path folder = golangMigrateFolder(0.3);
        String db = GateDatabases.create();
        try {
            Process a = start(
                    tmp.resolve("a.out"),
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate");
            Process b = start(
                    tmp.resolve("b.out"),
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url(db),
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate");
            assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, a.exitValue());
            assertEquals(0, b.exitValue());
            String logs = Files.readString(tmp.resolve("a.out.err")) + Files.readString(tmp.resolve("b.out.err"));
            for (int i = 1; i <= MIGRATIONS; i++) {
                int at = logs.indexOf("applied " + i + " ");
                assertTrue(at >= 0 && logs.indexOf("applied " + i + " ", at + 1) < 0, logs);
                assertEquals(List.of(List.of("1")), rows(db, "select count(*) from t" + i));
            }
        } finally {
            GateDatabases.drop(db);
        }
    }

    @Test
    void serverStoppedMidRunExitsFourAndLeavesTheDirtyMark() throws Exception {
        Path folder = golangMigrateFolder(3);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        String url = "postgres://postgres@localhost:" + pg.getPort() + "/postgres";
        CompletableFuture<GateDatabases.Run> run = CompletableFuture.supplyAsync(() -> GateDatabases.miglint(
                "apply",
                folder.toString(),
                "--database-url",
                url,
                "--yes",
                "--skip-gate",
                "--layout",
                "golang-migrate"));
        Thread.sleep(1500);
        pg.close();
        GateDatabases.Run r = run.get(60, TimeUnit.SECONDS);
        assertEquals(4, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("miglint: cannot use the database"), r.err());
        assertEquals(
                1,
                r.err()
                        .strip()
                        .lines()
                        .filter(l -> l.startsWith("miglint: cannot"))
                        .count(),
                r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aPasswordInTheUrlNeverAppears() throws Exception {
        Path folder = golangMigrateFolder(0);
        String db = GateDatabases.create();
        String secret = "S3cr3t-Pw-" + System.nanoTime();
        try {
            String withPassword = "postgres://postgres:" + secret + "@127.0.0.1:5432/" + db;
            List<GateDatabases.Run> runs = new ArrayList<>();
            runs.add(GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    withPassword,
                    "--dry-run",
                    "--layout",
                    "golang-migrate"));
            runs.add(GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    withPassword,
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate"));
            runs.add(GateDatabases.miglint(
                    "status",
                    folder.toString(),
                    "--database-url",
                    withPassword,
                    "--format",
                    "json",
                    "--layout",
                    "golang-migrate"));
            runs.add(GateDatabases.miglint(
                    "status",
                    folder.toString(),
                    "--database-url",
                    "postgres://nobody:" + secret + "@127.0.0.1:1/x",
                    "--layout",
                    "golang-migrate"));
            runs.add(GateDatabases.miglint(
                    "gate",
                    folder.toString(),
                    "--database-url",
                    withPassword,
                    "--engine",
                    "url",
                    "--engine-url",
                    "postgres://postgres:" + secret + "@127.0.0.1:5432/postgres",
                    "--format",
                    "markdown",
                    "--layout",
                    "golang-migrate"));
            runs.add(GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    "jdbc:postgresql://" + "127.0.0.1:1/x?user=u&password=" + secret,
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate"));
            for (GateDatabases.Run r : runs) {
                assertFalse((r.out() + r.err()).contains(secret), r.out() + r.err());
            }
            assertEquals(4, runs.get(3).exit());
            assertTrue(runs.get(3).err().contains("***"), runs.get(3).err());
            assertTrue(new String(Files.readAllBytes(folder.resolve("1_create_t1.up.sql")), StandardCharsets.UTF_8)
                    .contains("t1"));
        } finally {
            GateDatabases.drop(db);
        }
    }
}
