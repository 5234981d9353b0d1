package io.miglint.gate;

import static io.miglint.gate.GateDatabases.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database URLs with hostile passwords and address parameters through the commands, on the real server (trust
 * authentication: the password is not checked, so what is tested is where miglint connects and what it prints).
 */
class TargetUrlEndToEndTest {
    @TempDir
    Path tmp;

    private Path folder() throws Exception {
        Path dir = tmp.resolve("migrations");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("1_a.up.sql"), "create table a (id int);\n");
        Files.writeString(dir.resolve("1_a.down.sql"), "drop table a;\n");
        return dir;
    }

    @Test
    void aPasswordWithRawAtSlashColonHashAndPercentConnectsToTheNamedDatabase() throws Exception {
        Path folder = folder();
        String db = GateDatabases.create();
        try {
            String url = "postgres://postgres:p@ss/w:rd#1%@127.0.0.1:5432/" + db;
            GateDatabases.Run apply = GateDatabases.miglint(
                    "apply",
                    folder.toString(),
                    "--database-url",
                    url,
                    "--yes",
                    "--skip-gate",
                    "--layout",
                    "golang-migrate");
            assertEquals(0, apply.exit(), apply.out() + apply.err());
            assertEquals(List.of(List.of("1", "f")), rows(db, "select version, dirty from schema_migrations"));
            GateDatabases.Run status = GateDatabases.miglint(
                    "status", folder.toString(), "--database-url", url, "--layout", "golang-migrate");
            assertEquals(0, status.exit(), status.out() + status.err());
            assertTrue(status.out().contains("postgres://postgres:***@127.0.0.1:5432/" + db), status.out());
            for (GateDatabases.Run r : List.of(apply, status)) {
                String all = r.out() + r.err();
                assertFalse(all.contains("p@ss") || all.contains("ss/w") || all.contains("rd#1"), all);
            }
        } finally {
            GateDatabases.drop(db);
        }
    }

    @Test
    void theHostParameterIsTheServerUsedAndNamed() throws Exception {
        Path folder = folder();
        String db = GateDatabases.create();
        try {
            GateDatabases.Run status = GateDatabases.miglint(
                    "status",
                    folder.toString(),
                    "--database-url",
                    "postgres://postgres@decoy.invalid:1/decoy?host=127.0.0.1&port=5432&dbname=" + db,
                    "--layout",
                    "golang-migrate");
            assertEquals(0, status.exit(), status.out() + status.err());
            assertTrue(status.out().contains("on postgres://postgres@127.0.0.1:5432/" + db), status.out());
            assertFalse((status.out() + status.err()).contains("decoy"), status.out() + status.err());
            GateDatabases.Run refused = GateDatabases.miglint(
                    "status",
                    folder.toString(),
                    "--database-url",
                    "postgres://postgres:Secr3t-pw@127.0.0.1/" + db + "?hostaddr=10.9.9.9",
                    "--layout",
                    "golang-migrate");
            assertEquals(2, refused.exit(), refused.out() + refused.err());
            assertTrue(refused.err().contains("hostaddr"), refused.err());
            assertFalse(refused.err().contains("Secr3t"), refused.err());
        } finally {
            GateDatabases.drop(db);
        }
    }

    /** Masking by searching would print every "a" of the error as "***"; masking by position keeps the text. */
    @Test
    void aOneLetterPasswordLeavesTheErrorReadable() throws Exception {
        Path folder = folder();
        GateDatabases.Run r = GateDatabases.miglint(
                "status",
                folder.toString(),
                "--database-url",
                "postgres://alice:a@127.0.0.1:1/app",
                "--layout",
                "golang-migrate");
        assertEquals(4, r.exit(), r.out() + r.err());
        assertTrue(
                r.err().startsWith("miglint: cannot use the database postgres://alice:***@127.0.0.1:1/app: "), r.err());
        assertEquals(1, r.err().split("\\*\\*\\*", -1).length - 1, r.err());
    }
}
