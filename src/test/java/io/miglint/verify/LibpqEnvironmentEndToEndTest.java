package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code miglint status} in a process of its own whose environment holds libpq's variables, against the embedded
 * server, which asks every connection for a password (scram-sha-256): the password that gets in is the one libpq
 * would pick, and it is never printed.
 */
@Tag("slow")
class LibpqEnvironmentEndToEndTest {
    private static final String PASSWORD = "Dep:l0y\\er-pw-7731";
    private static EmbeddedDatabase server;
    private static ScratchDatabase scratch;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = (EmbeddedDatabase) ThrowawayDatabase.open(VerifyOptions.defaults());
        scratch = server.createScratch();
        try (Connection admin = scratch.connect(true);
                Statement st = admin.createStatement()) {
            st.execute("create role deployer login password '" + PASSWORD.replace("'", "''") + "'");
            st.execute("create database app owner deployer");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try (Connection admin = scratch.connect(true);
                Statement st = admin.createStatement()) {
            st.execute("drop database if exists app with (force)");
            st.execute("drop role if exists deployer");
        }
        server.close();
    }

    private Path folder() throws Exception {
        Path dir = tmp.resolve("migrations");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("1_a.up.sql"), "create table a (id int);\n");
        Files.writeString(dir.resolve("1_a.down.sql"), "drop table a;\n");
        return dir;
    }

    private record Run(int exit, String out, String err) {}

    /** miglint status in a new JVM with exactly {@code env} as its libpq environment (HOME a fresh folder). */
    private Run status(String url, Map<String, String> env) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Duser.home=" + home,
                "-cp",
                System.getProperty("java.class.path"),
                "io.miglint.cli.Main",
                "status",
                folder().toString(),
                "--layout",
                "golang-migrate",
                "--database-url",
                url));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.equals("DATABASE_URL"));
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        assertFalse((r.out() + r.err()).contains("l0y"), r.out() + r.err());
        return r;
    }

    private Path pgpass(String text, String mode) throws Exception {
        Path f = tmp.resolve("pgpass");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private String port() {
        return Integer.toString(server.port());
    }

    @Test
    void theEnvironmentAloneNamesTheServerUserDatabaseAndPassword() throws Exception {
        Run r = status(
                "postgres://",
                Map.of(
                        "PGHOST",
                        "127.0.0.1",
                        "PGPORT",
                        port(),
                        "PGUSER",
                        "deployer",
                        "PGDATABASE",
                        "app",
                        "PGPASSWORD",
                        PASSWORD));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("on postgres://deployer:***@127.0.0.1:" + port() + "/app"), r.out());
    }

    @Test
    void thePasswordFileIsUsedOnlyWhenOthersCannotReadIt() throws Exception {
        String line = "127.0.0.1:" + port() + ":app:deployer:"
                + PASSWORD.replace("\\", "\\\\").replace(":", "\\:") + "\n";
        Path file = pgpass("127.0.0.1:" + port() + ":other:deployer:not-this-one\n" + line, "rw-------");
        Map<String, String> env = Map.of("PGPORT", port(), "PGPASSFILE", file.toString());
        Run ok = status("postgres://deployer@127.0.0.1/app", env);
        assertEquals(0, ok.exit(), ok.out() + ok.err());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Run ignored = status("postgres://deployer@127.0.0.1/app", env);
        assertEquals(4, ignored.exit(), ignored.out() + ignored.err());
        assertTrue(
                ignored.err().contains("WARNING: password file \"" + file + "\" has group or world access"),
                ignored.err());
    }

    @Test
    void aPasswordInTheUrlWinsOverPgpassword() throws Exception {
        Run r = status(
                "postgres://deployer:not-the-password@127.0.0.1:" + port() + "/app", Map.of("PGPASSWORD", PASSWORD));
        assertEquals(4, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("postgres://deployer:***@127.0.0.1:" + port() + "/app"), r.err());
        assertFalse(r.err().contains("not-the-password"), r.err());
    }
}
