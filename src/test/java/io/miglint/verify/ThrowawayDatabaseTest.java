package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.MigrationFolderReader;
import io.miglint.layout.MigrationSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine behaviour that does not depend on the migrations: failure modes, safety, clean-up. */
@Tag("slow")
class ThrowawayDatabaseTest {
    private static List<String> query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** Where Docker runs, DockerEngineJarTest covers this with a DOCKER_HOST that answers nothing. */
    @Test
    void dockerWithoutADockerEngineFailsFastWithOneClearLine() {
        org.junit.jupiter.api.Assumptions.assumeFalse(DockerDatabase.dockerAvailable(), "a Docker engine runs here");
        long t0 = System.nanoTime();
        DatabaseUnavailableException e = assertThrows(
                DatabaseUnavailableException.class,
                () -> ThrowawayDatabase.open(VerifyOptions.defaults().withEngine(EngineKind.DOCKER)));
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "must not hang");
        assertTrue(e.getMessage().startsWith("--engine docker: no Docker engine is reachable"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void passwordsNeverAppearInMessages() {
        String url = "postgres://alice:s3cr%3Et-pw@127.0.0.1:1/app?sslmode=disable";
        DatabaseUnavailableException e = assertThrows(
                DatabaseUnavailableException.class, () -> ThrowawayDatabase.open(VerifyOptions.forUrl(url)));
        assertFalse(e.getMessage().contains("s3cr"), e.getMessage());
        assertTrue(e.getMessage().contains("postgres://alice:***@127.0.0.1:1/app"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(
                "postgres://alice:***@db:5432/app",
                DatabaseUrl.parse("jdbc:postgresql://db/app?user=alice&password=hunter2-long-pw&ssl=true")
                        .toString());
        // a long password is also searched for; a short one is not (masking every "hunter2" would confirm it)
        DatabaseUrl.parse("jdbc:postgresql://db/app?user=alice&password=hunter2");
        assertEquals(
                "connecting with password=*** to postgres://bob:***@h/x failed (***) (hunter2)",
                Redaction.redact("connecting with password=abc to postgres://bob:xyz@h/x failed (hunter2-long-pw) "
                        + "(hunter2)"));
    }

    @Test
    void urlFormsAreParsed() {
        DatabaseUrl a = DatabaseUrl.parse("postgres://u:p%40ss@[::1]:6543/shop?sslmode=require");
        assertEquals("[::1]", a.host());
        assertEquals(6543, a.port());
        assertEquals("shop", a.database());
        assertEquals("p@ss", a.password());
        assertEquals("jdbc:postgresql://[::1]:6543/shop?sslmode=require", a.jdbcUrl());
        DatabaseUrl b = DatabaseUrl.parse("jdbc:postgresql://localhost/postgres?user=postgres");
        assertEquals(5432, b.port());
        assertEquals("postgres", b.user());
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("mysql://x/y"));
    }

    /** Other majors are fetched (GateTargetMajorTest); those the catalog reads do not support are refused. */
    @Test
    void embeddedRefusesVersionsBefore12AsAUsageError() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ThrowawayDatabase.open(VerifyOptions.defaults().withPgVersion(11)));
        assertTrue(e.getMessage().contains("PostgreSQL 12 and later"), e.getMessage());
    }

    @Test
    void urlEngineNeverTouchesTheNamedDatabaseAndCleansUp(@TempDir Path dir) throws Exception {
        query("select 1");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("drop database if exists miglint_target_test");
            st.execute("create database miglint_target_test");
        }
        Files.writeString(dir.resolve("1_a.up.sql"), "create table in_scratch (id int);\n");
        MigrationSet set = MigrationFolderReader.read(dir, LayoutKind.GOLANG_MIGRATE, "test")
                .set();
        // Other runs may share this server: only what this run creates (its marker names this process) must be
        // gone afterwards.
        String ours = " like '% pid=" + ProcessHandle.current().pid() + " %'";
        String scratchDatabases = "select datname from pg_database where (datname like 'miglint_verify_%' "
                + "or datname like 'miglint_template_%') and shobj_description(oid, 'pg_database')" + ours;
        String runnerRoles = "select rolname from pg_roles where rolname like 'miglint_runner_%' "
                + "and shobj_description(oid, 'pg_authid')" + ours;
        List<String> databasesBefore = query(scratchDatabases);
        List<String> rolesBefore = query(runnerRoles);
        VerifyOutcome out = Verifier.verify(
                List.of(set), VerifyOptions.forUrl("postgres://postgres@127.0.0.1:5432/miglint_target_test"));
        assertEquals(List.of(), out.findings());
        assertEquals(List.of(), out.errors());
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/miglint_target_test", "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from pg_class where relname = 'in_scratch'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "migrations ran in the database named in the URL");
        }
        List<String> leftDatabases = new java.util.ArrayList<>(query(scratchDatabases));
        leftDatabases.removeAll(databasesBefore);
        List<String> leftRoles = new java.util.ArrayList<>(query(runnerRoles));
        leftRoles.removeAll(rolesBefore);
        assertEquals(List.of(), leftDatabases, "scratch databases left behind");
        assertEquals(List.of(), leftRoles, "runner roles left behind");
        query("select 1");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("drop database miglint_target_test");
        }
    }

    @Test
    void descriptorsListEveryRuleOnce() {
        List<String> ids = VerifyRule.descriptors().stream().map(d -> d.id()).toList();
        assertEquals(ids.stream().distinct().count(), ids.size());
        assertTrue(ids.containsAll(List.of(
                "verify-up-failed",
                "verify-down-failed",
                "verify-reapply-failed",
                "verify-down-incomplete",
                "verify-reapply-differs",
                "verify-dangerous-lock",
                "verify-table-rewrite")));
    }

    /** A child JVM that opens a url run and waits; answers it with its scratch database and runner role. */
    private static Process runChild() throws java.io.IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        InterruptedRunChild.class.getName(),
                        TestDatabases.LOCAL_URL)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The child's first line: the names of its scratch database and runner role. */
    private static String[] created(java.io.BufferedReader out) throws java.io.IOException {
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("miglint_verify_"), String.valueOf(line));
        return line.split(" ");
    }

    @Test
    void anInterruptedRunDropsItsDatabaseAndRole() throws Exception {
        Process child = runChild();
        String[] created;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
            created = created(out);
            assertEquals(
                    List.of(created[0]), query("select datname from pg_database where datname = '" + created[0] + "'"));
            child.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C (SIGINT)
            assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(List.of(), query("select datname from pg_database where datname = '" + created[0] + "'"));
        assertEquals(List.of(), query("select rolname from pg_roles where rolname = '" + created[1] + "'"));
    }

    /**
     * SIGKILL runs no shutdown hook: the scratch database and runner role stay until the next run on the server,
     * which drops them because their run marker names a process of this host that is gone.
     */
    @Test
    void aKilledRunsDatabaseAndRoleAreDroppedByTheNextRun() throws Exception {
        Process child = runChild();
        String[] created;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
            created = created(out);
            List<String> comment = query("select shobj_description(oid, 'pg_database') from pg_database "
                    + "where datname = '" + created[0] + "'");
            assertTrue(comment.size() == 1 && comment.get(0).contains("pid=" + child.pid()), comment.toString());
        } finally {
            child.destroyForcibly(); // SIGKILL
        }
        assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(
                List.of(created[0]),
                query("select datname from pg_database where datname = '" + created[0] + "'"),
                "SIGKILL should leave the database for the next run");
        ThrowawayDatabase.open(VerifyOptions.forUrl(TestDatabases.LOCAL_URL)).close();
        assertEquals(List.of(), query("select datname from pg_database where datname = '" + created[0] + "'"));
        assertEquals(List.of(), query("select rolname from pg_roles where rolname = '" + created[1] + "'"));
    }

    @Test
    void aRunMarkerIsReadBackAndALiveRunIsLeftAlone() {
        RunMarker mine = RunMarker.forThisRun(java.time.Duration.ofMinutes(5));
        RunMarker read = RunMarker.parse(mine.text());
        assertEquals(mine, read);
        assertFalse(read.runIsGone(java.time.Instant.now()), "this process is alive");
        RunMarker elsewhere = new RunMarker("another-host", 1, 1, java.time.Instant.now());
        assertFalse(elsewhere.runIsGone(java.time.Instant.now()), "another host's run within its deadline");
        assertTrue(elsewhere.runIsGone(java.time.Instant.now().plus(java.time.Duration.ofMinutes(11))));
        assertEquals(null, RunMarker.parse("created by hand"));
    }
}
