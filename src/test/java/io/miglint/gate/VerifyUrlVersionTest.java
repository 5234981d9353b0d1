package io.miglint.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --engine url} verifies on the server it is given: a {@code --pg-version} that server does not run is refused
 * with the reason (exit 2), never silently ignored; the version it runs is accepted.
 */
class VerifyUrlVersionTest {
    @TempDir
    Path tmp;

    private static int serverMajor() throws SQLException {
        try (Connection c = GateDatabases.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aVersionTheServerDoesNotRunIsRefusedWithTheReason() throws Exception {
        Path dir = tmp.resolve("m");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("1_t.up.sql"), "CREATE TABLE t (id int);\n");
        Files.writeString(dir.resolve("1_t.down.sql"), "DROP TABLE t;\n");
        int major = serverMajor();
        int other = major == 16 ? 17 : 16;
        GateDatabases.Run refused = GateDatabases.miglint(
                "verify",
                dir.toString(),
                "--layout",
                "golang-migrate",
                "--engine",
                "url",
                "--database-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--pg-version",
                String.valueOf(other));
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(
                refused.err()
                        .contains("--pg-version " + other + " asks for PostgreSQL " + other
                                + ", but the --database-url server runs PostgreSQL " + major),
                refused.err());
        assertFalse(refused.err().contains("\tat "), refused.err());
        GateDatabases.Run same = GateDatabases.miglint(
                "verify",
                dir.toString(),
                "--layout",
                "golang-migrate",
                "--engine",
                "url",
                "--database-url",
                GateEndToEndTest.ENGINE_SERVER,
                "--pg-version",
                String.valueOf(major));
        assertEquals(0, same.exit(), same.out() + same.err());
    }
}
