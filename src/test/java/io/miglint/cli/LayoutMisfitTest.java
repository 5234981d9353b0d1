package io.miglint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder no layout claims is said once with what was in it and the --layout that would read it; a --layout that
 * reads none of a folder's files fails with one line naming the misfit, never exit 0 with nothing linted.
 */
class LayoutMisfitTest {
    @TempDir
    Path tmp;

    private Path golangMigrateFolder() throws Exception {
        Files.writeString(tmp.resolve("go.mod"), "module example.com/app\n");
        Path m = Files.createDirectories(tmp.resolve("migrations"));
        for (int v = 1; v <= 3; v++) {
            Files.writeString(m.resolve(v + "_create_t" + v + ".up.sql"), "CREATE TABLE t" + v + " (id int);\n");
            Files.writeString(m.resolve(v + "_create_t" + v + ".down.sql"), "DROP TABLE t" + v + ";\n");
        }
        return m;
    }

    @Test
    void aLayoutThatReadsNoneOfTheFilesIsOneUsageError() throws Exception {
        Path m = golangMigrateFolder();
        Cli r = Cli.run("check", "--layout", "flyway", m.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(
                r.err().contains("--layout flyway reads none of the 6 .sql files here")
                        && r.err().contains("6 of them fit golang-migrate: use `--layout golang-migrate`"),
                r.err());
        assertFalse(r.out().contains("unrecognized-file"), r.out());
    }

    @Test
    void aLayoutThatRefusesEveryFileIsOneUsageErrorNotOnePerFile() throws Exception {
        Path m = golangMigrateFolder();
        Cli r = Cli.run("check", "--layout", "dbmate", m.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("layout-misfit: --layout dbmate reads none of the 6 .sql files here"), r.err());
    }

    @Test
    void aLayoutThatFitsIsRead() throws Exception {
        Path m = golangMigrateFolder();
        Cli r = Cli.run("check", "--layout", "sqlx", m.toString());
        assertFalse(r.err().contains("layout-misfit"), r.err());
        assertTrue(r.exit() == ExitCode.CLEAN || r.exit() == ExitCode.FINDINGS, r.toString());
    }

    @Test
    void aFolderNoLayoutClaimsSaysWhatItHoldsAndWhatWouldReadIt() throws Exception {
        Path q = Files.createDirectories(tmp.resolve("queries"));
        Files.writeString(q.resolve("active_users.sql"), "SELECT 1;\n");
        Files.writeString(q.resolve("report.sql"), "SELECT 2;\n");
        Cli r = Cli.run("check", q.toString());
        assertEquals(ExitCode.INPUT, r.exit(), r.toString());
        assertTrue(r.err().contains("2 .sql files (active_users.sql, report.sql)"), r.err());
        assertTrue(r.err().contains("their names fit none of the layouts"), r.err());
    }

    @Test
    void anEmptyFolderSaysItHoldsNoSql() throws Exception {
        Path e = Files.createDirectories(tmp.resolve("empty/deeper"));
        Files.writeString(e.resolve("README.md"), "nothing\n");
        Cli r = Cli.run("check", tmp.resolve("empty").toString());
        assertEquals(ExitCode.INPUT, r.exit(), r.toString());
        assertTrue(r.err().contains("it holds no .sql file at any depth"), r.err());
    }
}
