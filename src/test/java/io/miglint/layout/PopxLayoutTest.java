package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.cli.CheckPipeline;
import io.miglint.rule.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ory/popx folders: detection against golang-migrate's, the dialect rule, .autocommit, empty files, naming. */
class PopxLayoutTest {
    @TempDir
    Path tmp;

    private void write(String relative, String text) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private MigrationSet only(Path folder) {
        Discovery d = MigrationDiscovery.discover(List.of(folder), Optional.empty());
        assertEquals(1, d.sets().size(), () -> d.sets() + " " + d.problems());
        return d.sets().get(0);
    }

    private static String fileName(MigrationScript s) {
        return s == null ? null : s.file().getFileName().toString();
    }

    @Test
    void anAutocommitMarkerMakesAPopxFolder() throws IOException {
        write("m/20240101000000000000_users.up.sql", "CREATE TABLE users (id int);");
        write("m/20240101000000000000_users.down.sql", "DROP TABLE users;");
        write("m/20240102000000000000_users_idx.autocommit.up.sql", "CREATE INDEX CONCURRENTLY i ON users (id);");
        write("m/20240102000000000000_users_idx.autocommit.down.sql", "DROP INDEX CONCURRENTLY i;");
        MigrationSet s = only(tmp.resolve("m"));
        assertEquals(LayoutKind.POPX, s.layout(), s.detectedBy());
        assertTrue(s.detectedBy().contains(".autocommit"), s.detectedBy());
        assertEquals(List.of(), s.otherFiles());
        Migration users = s.migrations().get(0);
        Migration index = s.migrations().get(1);
        // the marker is no part of the name
        assertEquals("users_idx", index.name());
        assertTrue(users.up().execution().wrapped(), "popx wraps a file without the marker in a transaction");
        assertTrue(users.up().execution().singleQuery());
        assertFalse(index.up().execution().wrapped(), index.up().execution().reason());
        assertFalse(index.down().execution().wrapped());
        assertTrue(index.up().execution().singleQuery(), "still one Exec: one implicit transaction");
    }

    @Test
    void aPostgresFileOverridesTheDialectIndependentOneAndOtherDialectsAreNoMigrations() throws IOException {
        write("m/20240101000000000000_users.up.sql", "CREATE TABLE users (id int);");
        write("m/20240101000000000000_users.down.sql", "DROP TABLE users;");
        write("m/20240101000000000000_users.postgres.up.sql", "CREATE TABLE users (id bigint);");
        write("m/20240101000000000000_users.mysql.up.sql", "CREATE TABLE users (id bigint) ENGINE=InnoDB;");
        write("m/20240101000000000000_users.sqlite3.down.sql", "DROP TABLE users;");
        write("m/20240101000000000001_more.cockroach.up.sql", "SELECT 1;");
        write("m/20240101000000000001_more.cockroach.down.sql", "SELECT 1;");
        MigrationSet s = only(tmp.resolve("m"));
        assertEquals(LayoutKind.POPX, s.layout(), s.detectedBy());
        assertEquals(1, s.migrations().size(), () -> s.migrations().toString());
        Migration users = s.migrations().get(0);
        assertEquals("20240101000000000000_users.postgres.up.sql", fileName(users.up()));
        assertEquals("20240101000000000000_users.down.sql", fileName(users.down()));
        assertEquals(List.of(), s.otherFiles(), "other dialects' files are not stray files either");
    }

    @Test
    void shortVersionsWithDialectInfixesStayGolangMigrateWithoutAPopxSign() throws IOException {
        write("g/1_users.up.sql", "CREATE TABLE users (id int);");
        write("g/1_users.down.sql", "DROP TABLE users;");
        write("g/2_email.postgres.up.sql", "ALTER TABLE users ADD email text;");
        write("g/2_email.postgres.down.sql", "ALTER TABLE users DROP email;");
        assertEquals(LayoutKind.GOLANG_MIGRATE, only(tmp.resolve("g")).layout());
        // 20-digit versions alone say nothing either
        write("w/20240101000000000000_users.up.sql", "CREATE TABLE users (id int);");
        write("w/20240101000000000000_users.down.sql", "DROP TABLE users;");
        assertEquals(LayoutKind.GOLANG_MIGRATE, only(tmp.resolve("w")).layout());
    }

    @Test
    void twentyDigitVersionsWithADialectInfixOrAGoModRequiringOryX() throws IOException {
        write("a/20240101000000000000_users.postgres.up.sql", "CREATE TABLE users (id int);");
        write("a/20240101000000000000_users.postgres.down.sql", "DROP TABLE users;");
        write("a/20240101000000000001_more.up.sql", "SELECT 1;");
        write("a/20240101000000000001_more.down.sql", "");
        assertEquals(LayoutKind.POPX, only(tmp.resolve("a")).layout());

        write("b/.git/HEAD", "ref: refs/heads/main\n");
        write("b/go.mod", "module example.com/x\n\nrequire (\n\tgithub.com/ory/x v0.0.700\n)\n");
        write("b/migrations/20240101000000000000_users.up.sql", "CREATE TABLE users (id int);");
        write("b/migrations/20240101000000000000_users.down.sql", "DROP TABLE users;");
        MigrationSet b = only(tmp.resolve("b/migrations"));
        assertEquals(LayoutKind.POPX, b.layout(), b.detectedBy());
        assertTrue(b.detectedBy().contains("go.mod"), b.detectedBy());

        write("c/.git/HEAD", "ref: refs/heads/main\n");
        write("c/go.mod", "module example.com/x\n\nrequire github.com/golang-migrate/migrate/v4 v4.18.1\n");
        write("c/migrations/20240101000000000000_users.up.sql", "CREATE TABLE users (id int);");
        write("c/migrations/20240101000000000000_users.down.sql", "DROP TABLE users;");
        assertEquals(
                LayoutKind.GOLANG_MIGRATE, only(tmp.resolve("c/migrations")).layout());
    }

    @Test
    void versionsOrderAsTextAsPopxOrdersThem() throws IOException {
        write("m/9_b.autocommit.up.sql", "SELECT 1;");
        write("m/9_b.autocommit.down.sql", "");
        write("m/10_a.up.sql", "SELECT 1;");
        write("m/10_a.down.sql", "");
        MigrationSet s = only(tmp.resolve("m"));
        assertEquals(LayoutKind.POPX, s.layout());
        // strings.Compare("10", "9") < 0
        assertEquals(
                List.of("10", "9"),
                s.migrations().stream().map(m -> m.version().text()).toList());
    }

    @Test
    void popxEmptyIsBlankAndCommentLinesOnly() {
        assertTrue(MigrationFolderReader.popxEmpty(""));
        assertTrue(MigrationFolderReader.popxEmpty("\n  -- nothing to undo\r\n\t\n"));
        assertFalse(MigrationFolderReader.popxEmpty("-- x\nSELECT 1; -- y\n"));
        assertFalse(MigrationFolderReader.popxEmpty("/* block */"));
    }

    @Test
    void checkReadsNamesWithoutMarkersAndSaysNothingOfEmptyFiles() throws IOException {
        Path m = tmp.resolve("m");
        write(
                "m/20240101000000000000_create_users.up.sql",
                "CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);\n");
        write("m/20240101000000000000_create_users.down.sql", "");
        write(
                "m/20240102000000000000_create_users_idx.autocommit.up.sql",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);\n");
        write("m/20240102000000000000_create_users_idx.autocommit.down.sql", "-- nothing to undo\n");
        write(
                "m/20240103000000000000_index_again.up.sql",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);\n");
        write("m/20240103000000000000_index_again.down.sql", "");
        write("m/20240104000000000000_no_down.postgres.up.sql", "SELECT 1;\n");
        CheckPipeline.Outcome outcome = CheckPipeline.run(
                new CheckPipeline.Request(List.of(m), null, null, null, null, List.of(), List.of(), p -> true));
        assertEquals(List.of(), outcome.allErrors());
        List<Finding> findings = outcome.result().findings();
        List<String> seen = findings.stream()
                .map(f -> f.location().file().getFileName() + " " + f.ruleId())
                .sorted()
                .toList();
        assertEquals(
                List.of(
                        "20240103000000000000_index_again.up.sql concurrently-in-transaction",
                        "20240104000000000000_no_down.postgres.up.sql down-missing"),
                seen);
        Finding concurrently = findings.stream()
                .filter(f -> f.ruleId().equals("concurrently-in-transaction"))
                .findFirst()
                .orElseThrow();
        assertTrue(concurrently.help().contains(".autocommit"), concurrently.help());
        Finding downMissing = findings.stream()
                .filter(f -> f.ruleId().equals("down-missing"))
                .findFirst()
                .orElseThrow();
        assertEquals(io.miglint.rule.Severity.ERROR, downMissing.severity(), downMissing.message());
        assertTrue(downMissing.help().contains("20240104000000000000_no_down.postgres.down.sql"), downMissing.help());
        assertNull(findings.stream()
                .filter(f ->
                        f.ruleId().startsWith("migration-name") || f.ruleId().equals("migration-filename"))
                .findFirst()
                .orElse(null));
    }
}
