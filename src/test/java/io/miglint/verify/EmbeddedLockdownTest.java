package io.miglint.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server is private to the run: password only, private directories, checked binaries, dies with us. */
@Tag("slow")
class EmbeddedLockdownTest {
    private static EmbeddedDatabase db;

    @BeforeAll
    static void open() throws DatabaseUnavailableException {
        db = (EmbeddedDatabase) ThrowawayDatabase.open(VerifyOptions.defaults());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Connection connect(String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres", p);
    }

    @Test
    void aLocalUserWhoKnowsThePortCannotConnectWithoutThePassword() throws Exception {
        assertThrows(SQLException.class, () -> connect(null).close());
        SQLException wrong =
                assertThrows(SQLException.class, () -> connect("postgres").close());
        assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
        ScratchDatabase scratch = db.createScratch();
        try (Connection admin = scratch.connect(true);
                Statement st = admin.createStatement()) {
            List<String> methods = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select distinct auth_method from pg_hba_file_rules")) {
                while (rs.next()) {
                    methods.add(rs.getString(1));
                }
            }
            assertEquals(List.of("scram-sha-256"), methods, "pg_hba.conf must ask every connection for a password");
            try (ResultSet rs = st.executeQuery("show unix_socket_directories")) {
                assertTrue(rs.next());
                assertEquals(db.runDirectory().toString(), rs.getString(1));
            }
            // The bootstrap superuser has a password, even for initdb's first connection's sake.
            try (ResultSet rs = st.executeQuery(
                    "select rolpassword like 'SCRAM-SHA-256$%' from pg_authid " + "where rolname = 'postgres'")) {
                assertTrue(rs.next());
                assertTrue(rs.getBoolean(1));
            }
        } finally {
            db.drop(scratch);
        }
    }

    @Test
    void binariesAndRunLiveInDirectoriesOnlyTheUserCanEnter() throws Exception {
        Path run = db.runDirectory();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)));
        Path root = run.getParent().getParent();
        for (Path p : List.of(root, root.resolve("binaries"), root.resolve("runs"))) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        assertFalse(run.startsWith(Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg")));
    }

    @Test
    void aDirectoryOthersCanReachIsRefused(@TempDir Path tmp) throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException e = assertThrows(IOException.class, () -> PrivateDirectory.ensure(open));
        assertTrue(e.getMessage().contains("open to other users"), e.getMessage());
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException planted = assertThrows(IOException.class, () -> PrivateDirectory.ensure(shared.resolve("mine")));
        assertTrue(planted.getMessage().contains("without the sticky bit"), planted.getMessage());
    }

    /** A binary changed after it was unpacked is never run: the tree is unpacked again first. */
    @Test
    void aChangedBinaryIsReplacedBeforeTheNextStart(@TempDir Path tmp) throws Exception {
        Path base = tmp.resolve("private");
        EmbeddedDatabase.start(null, base, VerifyOptions.Sandbox.DEFAULT).close();
        Path initdb;
        try (Stream<Path> s = Files.walk(base.resolve("binaries"))) {
            initdb = s.filter(p -> p.getFileName().toString().equals("initdb"))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] original = Files.readAllBytes(initdb);
        Path marker = tmp.resolve("planted-ran");
        Files.writeString(initdb, "#!/bin/sh\ntouch " + marker + "\nexit 1\n");
        try (EmbeddedDatabase again = EmbeddedDatabase.start(null, base, VerifyOptions.Sandbox.DEFAULT)) {
            assertTrue(again.serverVersionNum() >= 170000);
        }
        assertFalse(Files.exists(marker), "the planted initdb ran");
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(initdb)), "initdb was not restored");
    }

    /** SIGKILL of the JVM leaves no server behind: the watchdog sees the pipe close and stops the postmaster. */
    @Test
    void theServerDiesWithAKilledJvm() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        javaBin, "-cp", System.getProperty("java.class.path"), EmbeddedRunChild.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long pid;
        Path run;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line = out.readLine();
            assertTrue(line != null && line.matches("\\d+ /.*"), String.valueOf(line));
            pid = Long.parseLong(line.split(" ")[0]);
            run = Path.of(line.substring(line.indexOf(' ') + 1));
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "postmaster not running");
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) || Files.exists(run))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "the postmaster outlived the JVM that started it");
        assertFalse(Files.exists(run), "the run directory was left behind");
    }
}
