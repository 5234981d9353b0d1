package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's settings on the command line: refusals are usage errors of one line, with the way out. */
class VerifySandboxCliTest {
    private static final String SERVER = "127.0.0.1:5432";

    @TempDir
    Path dir;

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private Path folder() throws Exception {
        Path f = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(f.resolve("1_t.up.sql"), "create table t (id int);\n");
        Files.writeString(f.resolve("1_t.down.sql"), "drop table t;\n");
        return f;
    }

    @Test
    void aUrlRoleThatMayNotCreateRolesIsRefusedWithTheWayOut() throws Exception {
        String role = "miglint_cli_creator_" + Long.toHexString(System.nanoTime());
        admin("create role " + role + " login createdb");
        try {
            Cli r = Cli.run(
                    "verify", folder().toString(), "--database-url", "postgres://" + role + "@" + SERVER + "/postgres");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(
                    r.err().contains("may not create roles")
                            && r.err().contains("--runner-role NAME")
                            && r.err().contains("MIGLINT_RUNNER_PASSWORD"),
                    r.toString());
            assertEquals(1, r.err().strip().lines().count(), r.toString());
        } finally {
            admin("drop role if exists " + role);
        }
    }

    @Test
    void extensionsThatReachTheHostCannotBeAllowed() throws Exception {
        Cli r = Cli.run("verify", folder().toString(), "--allow-extension", "dblink");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("dblink can reach the server's host"), r.toString());
        Files.writeString(dir.resolve(".miglint.yaml"), "verify:\n  extensions: [pgcrypto, plpython3u]\n");
        Cli c = Cli.run(
                "verify",
                folder().toString(),
                "--config",
                dir.resolve(".miglint.yaml").toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("verify.extensions: plpython3u"), c.toString());
        Files.delete(dir.resolve(".miglint.yaml"));
        Cli t = Cli.run("verify", folder().toString(), "--timeout", "soon");
        assertEquals(2, t.exit(), t.toString());
        assertTrue(t.err().contains("--timeout 'soon': expected a duration"), t.toString());
    }

    @Test
    void cleanupDropsOnlyWhatFinishedRunsLeft() throws Exception {
        String gone = "miglint_verify_c1ea0000" + Long.toHexString(System.nanoTime() & 0xfff);
        String live = "miglint_verify_c1ea1111" + Long.toHexString(System.nanoTime() & 0xfff);
        String unmarked = "miglint_verify_c1ea2222" + Long.toHexString(System.nanoTime() & 0xfff);
        admin("create database " + gone);
        admin("create database " + live);
        admin("create database " + unmarked);
        try {
            // A run of another host whose deadline passed long ago, and one of this process (alive).
            admin("comment on database " + gone + " is 'miglint run host=elsewhere pid=1 started=1 "
                    + "until=2020-01-01T00:00:00Z'");
            admin("comment on database " + live + " is 'miglint run host=elsewhere pid=1 started=1 "
                    + "until=2999-01-01T00:00:00Z'");
            Cli r = Cli.run("verify", "--cleanup", "--database-url", "postgres://postgres@" + SERVER + "/postgres");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.err().contains("dropped " + gone), r.toString());
            try (Connection c =
                            DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", "postgres", "");
                    Statement st = c.createStatement();
                    var rs = st.executeQuery("select string_agg(datname, ',' order by datname) from pg_database "
                            + "where datname in ('" + gone + "', '" + live + "', '" + unmarked + "')")) {
                rs.next();
                assertEquals(live + "," + unmarked, rs.getString(1));
            }
        } finally {
            admin("drop database if exists " + gone);
            admin("drop database if exists " + live);
            admin("drop database if exists " + unmarked);
        }
    }
}
