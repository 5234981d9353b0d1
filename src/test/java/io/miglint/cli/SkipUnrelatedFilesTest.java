package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the pre-commit hook relies on: staged .sql files outside migration folders are skipped, not errors. */
class SkipUnrelatedFilesTest {
    @TempDir
    Path tmp;

    Path query;
    Path brokenMigration;

    @BeforeEach
    void repository() throws Exception {
        // A Go project, as a golang-migrate repository is: the layout is no guess, so stderr stays empty.
        Files.writeString(tmp.resolve("go.mod"), "module example.com/app\n");
        Path migrations = Files.createDirectories(tmp.resolve("db/migrations"));
        Files.writeString(
                migrations.resolve("1_create_users_table.up.sql"),
                "CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);\n");
        Files.writeString(migrations.resolve("1_create_users_table.down.sql"), "DROP TABLE IF EXISTS users;\n");
        brokenMigration = migrations.resolve("2_add_users_email.up.sql");
        Files.writeString(brokenMigration, "ALTER TABLE users ADD COLUMN email text DEFAULT (;\n");
        Files.writeString(
                migrations.resolve("2_add_users_email.down.sql"), "ALTER TABLE users DROP COLUMN IF EXISTS email;\n");
        query = Files.createDirectories(tmp.resolve("queries")).resolve("active_users.sql");
        Files.writeString(query, "SELECT id FROM users;\n");
    }

    @Test
    void withoutTheFlagAnUnrelatedFileIsAnError() {
        Cli r = Cli.run("check", query.toString());
        assertEquals(ExitCode.INPUT, r.exit(), r.toString());
        assertTrue(r.err().contains("fits no migration layout"), r.err());
    }

    @Test
    void onlyUnrelatedFilesPassSilently() {
        Cli r = Cli.run("check", "--skip-unrelated-files", query.toString());
        assertEquals(ExitCode.CLEAN, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals("", r.err());
    }

    @Test
    void migrationsNextToUnrelatedFilesAreStillLinted() {
        Cli r = Cli.run("check", "--skip-unrelated-files", query.toString(), brokenMigration.toString());
        assertEquals(ExitCode.FINDINGS, r.exit(), r.toString());
        assertTrue(r.out().contains("[syntax-error]") && r.out().contains("2_add_users_email.up.sql"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void dieselScriptsAreRecognisedThroughTheirMigrationFolder() throws Exception {
        Path migration = Files.createDirectories(tmp.resolve("diesel/migrations/2024-01-05-093000_create_users"));
        Files.writeString(migration.resolve("up.sql"), "CREATE TABLE users (id bigint PRIMARY KEY;\n");
        Files.writeString(migration.resolve("down.sql"), "DROP TABLE IF EXISTS users;\n");
        Cli r = Cli.run(
                "check", "--skip-unrelated-files", migration.resolve("up.sql").toString());
        assertEquals(ExitCode.FINDINGS, r.exit(), r.toString());
        assertTrue(r.out().contains("[syntax-error]"), r.out());
    }
}
