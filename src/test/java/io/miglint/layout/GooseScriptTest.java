package io.miglint.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** goose's own reading of a file (goose v3.27.3 internal/sqlparser/parser.go), statement by statement. */
class GooseScriptTest {

    private static List<String> texts(List<GooseScript.Statement> statements) {
        return statements.stream().map(GooseScript.Statement::text).toList();
    }

    @Test
    void statementsEndAtLinesEndingInSemicolonAndBlocksAreSentWhole() {
        String text = "-- +goose Up\n"
                + "-- leading comment, dropped\n"
                + "CREATE TABLE a (id int); -- trailing comment\n"
                + "CREATE TABLE b (\n  id int\n);\n"
                + "-- +goose StatementBegin\n"
                + "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND\n$$;\n"
                + "-- +goose StatementEnd\n"
                + "\n-- +goose Down\n"
                + "DROP TABLE b; DROP TABLE a;\n";
        GooseScript g = GooseScript.parse(text);
        assertEquals(Optional.empty(), g.problem());
        assertTrue(g.useTx());
        assertEquals(
                List.of(
                        "CREATE TABLE a (id int); -- trailing comment",
                        "CREATE TABLE b (\n  id int\n);",
                        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND\n$$;"),
                texts(g.up()));
        assertEquals(
                List.of(false, false, true),
                g.up().stream().map(GooseScript.Statement::block).toList());
        assertEquals(List.of("DROP TABLE b; DROP TABLE a;"), texts(g.down()));
        assertEquals(text.indexOf("-- +goose Down"), g.upEnd());
        assertEquals(text.indexOf("-- +goose Down"), g.downStart());
        GooseScript.Statement b = g.up().get(1);
        assertEquals(text.indexOf("CREATE TABLE b"), b.start());
        assertEquals(text.indexOf(");\n-- +goose StatementBegin") + 2, b.end());
    }

    @Test
    void aDollarBodyWithoutABlockIsCutAtItsLineEndingSemicolons() {
        String text = "-- +goose Up\nDO $$\nBEGIN\n  PERFORM 1;\nEND\n$$;\n";
        assertEquals(
                List.of("DO $$\nBEGIN\n  PERFORM 1;", "END\n$$;"),
                texts(GooseScript.parse(text).up()));
    }

    @Test
    void noTransactionAnywhereAndInAnyCaseTurnsTheTransactionOff() {
        assertFalse(GooseScript.parse("-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n")
                .useTx());
        assertFalse(GooseScript.parse("-- +goose Up\n-- +goose no transaction\nSELECT 1;\n")
                .useTx());
        assertFalse(GooseScript.parse("-- +goose Up\nSELECT 1;\n-- +goose Down\n-- +goose NO TRANSACTION\nSELECT 2;\n")
                .useTx());
        assertTrue(GooseScript.parse("-- +goose Up\n-- NO TRANSACTION, but no marker\nSELECT 1;\n")
                .useTx());
        assertTrue(GooseScript.parse("-- +goose Up\nSELECT 1;\n").useTx());
    }

    @Test
    void gooseRefusalsAreKeptWithTheirLine() {
        GooseScript indented = GooseScript.parse("-- +goose Up\n  -- +goose StatementBegin\nSELECT 1;\n");
        assertTrue(indented.problem().orElseThrow().contains("refuses the annotation line"));
        assertEquals(13, indented.problemAt());
        assertTrue(GooseScript.parse("-- +goose Up\nSELECT 1\n")
                .problem()
                .orElseThrow()
                .contains("unfinished"));
        assertTrue(GooseScript.parse("-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n")
                .problem()
                .orElseThrow()
                .contains("StatementEnd"));
        assertTrue(GooseScript.parse("SELECT 1;\n-- +goose Up\n").problem().isPresent());
        assertTrue(GooseScript.parse("-- +goose Up\n-- +goose Sideways\n")
                .problem()
                .isPresent());
        // an unfinished statement inside a block is fine: the block is sent whole
        assertEquals(
                Optional.empty(),
                GooseScript.parse("-- +goose Up\n-- +goose StatementBegin\nSELECT 1\n-- +goose StatementEnd\n")
                        .problem());
    }

    @Test
    void crlfLinesAreReadAsGoReadsThem() {
        GooseScript g = GooseScript.parse("-- +goose Up\r\nSELECT 1;\r\n-- +goose Down\r\nSELECT 2;\r\n");
        assertEquals(List.of("SELECT 1;"), texts(g.up()));
        assertEquals(List.of("SELECT 2;"), texts(g.down()));
    }

    @Test
    void envsubRegionsAreKnown() {
        String text = "-- +goose Up\n-- +goose ENVSUB ON\nCREATE SCHEMA ${SCHEMA};\n-- +goose ENVSUB OFF\nSELECT 1;\n";
        GooseScript g = GooseScript.parse(text);
        assertTrue(g.inEnvsub(text.indexOf("CREATE SCHEMA")));
        assertFalse(g.inEnvsub(text.indexOf("SELECT 1")));
    }

    @Test
    void detectionReadingAndOrderOfAGooseFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("00002_second.sql"), "-- +goose Up\nSELECT 2;\n-- +goose Down\nSELECT -2;\n");
        Files.writeString(dir.resolve("00010_tenth.sql"), "-- +goose Up\nSELECT 10;\n");
        Files.writeString(
                dir.resolve("20240101000000_stamped.sql"),
                "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (x);\n");
        Files.writeString(dir.resolve("00001_first.sql"), "-- +goose Up\nSELECT 1;\n");
        Files.writeString(dir.resolve("notes.sql"), "SELECT 0;\n");
        LayoutGuess guess = LayoutDetector.detect(dir).orElseThrow();
        assertEquals(LayoutKind.GOOSE, guess.layout(), guess.evidence());
        MigrationSet set =
                MigrationFolderReader.read(dir, LayoutKind.GOOSE, "test").set();
        assertEquals(
                List.of("00001", "00002", "00010", "20240101000000"),
                set.migrations().stream().map(m -> m.version().text()).toList());
        Migration second = set.migrations().get(1);
        assertEquals("second", second.name());
        assertTrue(second.up().execution().wrapped());
        assertEquals(Direction.DOWN, second.down().direction());
        Migration stamped = set.migrations().get(3);
        assertFalse(stamped.up().execution().wrapped());
        assertFalse(stamped.up().execution().singleQuery());
        assertEquals(null, set.migrations().get(2).down());
        assertEquals(1, set.otherFiles().size());
    }

    @Test
    void dbmateAndSqlxFoldersStayTheirs(@TempDir Path dir) throws Exception {
        Path dbmate = Files.createDirectories(dir.resolve("dbmate"));
        Files.writeString(dbmate.resolve("20240101000000_a.sql"), "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
        Files.writeString(dbmate.resolve("20240102000000_b.sql"), "-- migrate:up\nSELECT 2;\n-- migrate:down\n");
        assertEquals(
                LayoutKind.DBMATE, LayoutDetector.detect(dbmate).orElseThrow().layout());
        Path sqlx = Files.createDirectories(dir.resolve("sqlx"));
        Files.writeString(sqlx.resolve("20240101000000_a.sql"), "-- no-transaction\nSELECT 1;\n");
        Files.writeString(sqlx.resolve("20240102000000_b.sql"), "SELECT 2;\n");
        assertEquals(LayoutKind.SQLX, LayoutDetector.detect(sqlx).orElseThrow().layout());
    }
}
