package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.engine.LintReport;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.Severity;
import io.miglint.sql.SourceText;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReporterTest {

    private static String render(LintReport report, boolean color) throws IOException {
        StringWriter out = new StringWriter();
        new TextReporter(color, false, false, ReportFixtures::source).write(report, out);
        return out.toString();
    }

    /** The report of {@code findings} in one file {@code a.sql} whose text is {@code sql}. */
    private static String render(String sql, boolean verbose, Finding... findings) throws IOException {
        StringWriter out = new StringWriter();
        new TextReporter(false, verbose, false, (p, d) -> d.equals("a.sql") ? new SourceText(d, sql) : null)
                .write(new LintReport("t", List.of(findings), List.of(), ReportFixtures.RULES, List.of(), 0, 1), out);
        return out.toString();
    }

    private static Finding at(String ruleId, int line, int column, int endLine, int endColumn, String help) {
        return new Finding(
                ruleId,
                Severity.WARNING,
                "the message",
                help,
                ReportFixtures.at("a.sql", line, column, endLine, endColumn),
                null,
                "x",
                null);
    }

    @Test
    void colourOnlyWhenAsked() throws IOException {
        assertFalse(render(ReportFixtures.sample(), false).contains("\u001b"));
        assertTrue(render(ReportFixtures.sample(), true).contains("\u001b[1;31merror\u001b[0m"));
    }

    @Test
    void eachFileUnderItsHeadingEachFindingWithItsLinesAndHelp() throws IOException {
        List<String> lines = render(ReportFixtures.sample(), false).lines().toList();
        assertEquals(
                List.of(
                        "db/migrations/20240101120000_create orders.up.sql (1 error, 1 warning)",
                        "",
                        "db/migrations/20240101120000_create orders.up.sql:3:1: error [concurrent-index] "
                                + "blocks writes to orders while the index builds: 100% of writes | `orders`",
                        "  |",
                        "3 | CREATE INDEX idx ON orders  (id, total);",
                        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
                        "  = help: use CREATE INDEX CONCURRENTLY in a migration of its own: "
                                + "(miglint explain concurrent-index for more)"),
                lines.subList(0, 7));
        assertTrue(lines.contains("db/migrations/café:v2,final.sql (1 info)"), lines::toString);
        assertEquals(
                "db/migrations/3_bad bytes.sql:2:5: error: unreadable-file: invalid UTF-8 byte 0xC3 at offset 17",
                lines.get(lines.size() - 3));
        assertEquals(
                "1 error, 1 warning, 1 info in 4 files (2 suppressed, 2 tool errors)", lines.get(lines.size() - 1));
    }

    @Test
    void compactIsOneLinePerFindingAndErrorThenTheSummary() throws IOException {
        StringWriter out = new StringWriter();
        TextReporter.compact(false).write(ReportFixtures.sample(), out);
        List<String> lines = out.toString().lines().toList();
        assertEquals(3 + 2 + 1, lines.size(), out::toString);
        assertEquals(
                "db/migrations/20240101120000_create orders.up.sql:3:1: error [concurrent-index] "
                        + "blocks writes to orders while the index builds: 100% of writes | `orders`",
                lines.get(0));
    }

    @Test
    void suppressedFindingsAreNotShown() throws IOException {
        assertFalse(render(ReportFixtures.sample(), false).contains("grant-all"));
    }

    @Test
    void summaryWording() throws IOException {
        assertEquals("no findings in 12 files\n", render(ReportFixtures.clean(), false));
        assertTrue(render(ReportFixtures.many(3), false).endsWith("3 warnings in 1 file\n"));
    }

    @Test
    void controlCharactersCannotRepaintTheTerminal() throws IOException {
        var f = ReportFixtures.finding(
                ReportFixtures.NOT_NULL,
                Severity.WARNING,
                "evil \u001b[2J name",
                null,
                ReportFixtures.at("a.sql", 1, 1, 1, 2),
                null,
                "x");
        String out = render(new LintReport("t", List.of(f), List.of(), ReportFixtures.RULES, List.of(), 0, 1), false);
        assertFalse(out.contains("\u001b"));
        assertTrue(out.contains("evil \\x1b[2J name"));
    }

    @Test
    void sourceLinesAreEscapedAndTheCaretsStayUnderTheSpan() throws IOException {
        // ESC, BEL and a right-to-left override in a quoted identifier; a tab before the statement.
        String sql = "\tCREATE INDEX \"i\u001b]52;c;x\u0007\u202e\" ON t (id);\n";
        String out = render(sql, false, at("add-column-not-null", 1, 2, 1, 39, "Do it."));
        assertTrue(
                out.contains("1 |     CREATE INDEX \"i\\x1b]52;c;x\\x07\\u202e\" ON t (id);\n" + "  |     "
                        + "^".repeat(48) + "\n"),
                out);
        assertFalse(out.chars().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x202e), out);
    }

    @Test
    void wideCharactersTakeTwoColumns() throws IOException {
        String out = render("SELECT '表' || x;\n", false, at("add-column-not-null", 1, 15, 1, 16, "Do it."));
        assertTrue(out.contains("1 | SELECT '表' || x;\n  |                ^\n"), out);
    }

    @Test
    void aLongLineIsClippedAroundTheSpan() throws IOException {
        String filler = "a".repeat(300);
        String sql = "SELECT '" + filler + "', target_column, '" + filler + "';\n";
        int column = sql.indexOf("target_column") + 1;
        String out = render(sql, false, at("add-column-not-null", 1, column, 1, column + 13, "Do it."));
        String shown = out.lines().filter(l -> l.startsWith("1 | ")).findFirst().orElseThrow();
        String carets =
                out.lines().filter(l -> l.matches(" {2}\\| +\\^+")).findFirst().orElseThrow();
        assertTrue(shown.startsWith("1 | ...") && shown.endsWith("..."), shown);
        assertEquals(4 + SourceExcerpt.MAX_WIDTH, shown.length(), shown);
        int caret = carets.indexOf('^');
        assertEquals("target_column", shown.substring(caret, caret + 13), out);
        assertEquals(13, carets.length() - caret, carets);
    }

    @Test
    void aLongSpanThatStartsEarlyKeepsTheStartOfItsLine() throws IOException {
        String sql = "    ALTER TABLE federation_queue_state RENAME COLUMN last_successful_published_time TO "
                + "last_successful_published_time_at;\n";
        int column = sql.indexOf("RENAME") + 1;
        String out = render(sql, false, at("rename-column", 1, column, 1, sql.indexOf(';') + 1, "Do it."));
        int shown = SourceExcerpt.MAX_WIDTH - SourceExcerpt.ELLIPSIS.length();
        assertTrue(
                out.contains("1 | " + sql.substring(0, shown) + "...\n  | " + " ".repeat(column - 1)
                        + "^".repeat(shown - (column - 1)) + "\n"),
                out);
        assertTrue(sql.substring(0, shown).startsWith("    ALTER TABLE federation_queue_state RENAME"));
    }

    @Test
    void aStatementDeepInsideAVeryLongLineIsShownWithItsSurroundings() throws IOException {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sql.append("CREATE INDEX i").append(i).append(" ON t (c").append(i).append("); ");
        }
        String target = "CREATE INDEX i1500 ON t (c1500);";
        int column = sql.indexOf(target) + 1;
        String out =
                render(sql + "\n", false, at("add-column-not-null", 1, column, 1, column + target.length(), "Do it."));
        List<String> lines = out.lines().toList();
        String shown =
                lines.stream().filter(l -> l.startsWith("1 | ")).findFirst().orElseThrow();
        String carets = lines.get(lines.indexOf(shown) + 1);
        assertTrue(shown.startsWith("1 | ...") && shown.endsWith("..."), shown);
        assertTrue(shown.length() <= 4 + SourceExcerpt.MAX_WIDTH, shown);
        int caret = carets.indexOf('^');
        assertEquals(target, shown.substring(caret, caret + target.length()), out);
        assertEquals(target.length(), carets.length() - caret, carets);
    }

    @Test
    void windowsLineEndsAreNotShown() throws IOException {
        String out = render(
                "CREATE INDEX i ON t (a);\r\nCREATE INDEX j ON t (b);\r\n",
                false,
                at("add-column-not-null", 2, 1, 2, 25, "Do it."));
        assertTrue(out.contains("2 | CREATE INDEX j ON t (b);\n  | " + "^".repeat(24) + "\n"), out);
    }

    @Test
    void aLongSpanShowsItsFirstLinesAndItsLast() throws IOException {
        String sql = "CREATE TABLE t (\n    a int,\n    b int,\n    c int,\n    d int\n);\n";
        String out = render(sql, false, at("add-column-not-null", 1, 1, 6, 3, "Do it."));
        assertTrue(out.contains("""
                  |
                1 | CREATE TABLE t (
                  | ^^^^^^^^^^^^^^^^
                2 |     a int,
                  |     ^^^^^^
                ...
                6 | );
                  | ^^
                """), out);
    }

    @Test
    void aLiteralSecretIsMaskedInEveryExcerptThatShowsIt() throws IOException {
        String sql = "ALTER ROLE app LOGIN PASSWORD 'hunter2-hunter2';\n";
        int column = sql.indexOf('\'') + 1;
        String out = render(
                sql,
                false,
                at("lock-timeout-missing", 1, 1, 1, sql.indexOf(';') + 1, "Set it."),
                at("hardcoded-secret", 1, column, 1, column + 17, "Rotate it."));
        assertFalse(out.contains("hunter2"), out);
        assertTrue(out.contains("1 | ALTER ROLE app LOGIN PASSWORD *****************;"), out);
    }

    @Test
    void aRolePasswordIsMaskedWithoutASecretFinding() throws IOException {
        String sql = "CREATE ROLE app LOGIN PASSWORD 'hunter2';\nALTER ROLE app ENCRYPTED PASSWORD -- set it\n"
                + "  $pw$hunter3$pw$;\nALTER ROLE app PASSWORD NULL;\nSELECT 'hunter4' AS password;\n";
        String out = render(sql, false, at("verify-up-failed", 1, 1, 5, 30, "Fix it."));
        assertFalse(out.contains("hunter2") || out.contains("hunter3"), out);
        assertTrue(out.contains("1 | CREATE ROLE app LOGIN PASSWORD *********;"), out);
        assertTrue(out.contains("5 | SELECT 'hunter4' AS password;"), "only a literal after PASSWORD: " + out);
        assertEquals(List.of(), TextReporter.passwordLiterals("SELECT 1; -- no secrets here\n"));
    }

    @Test
    void theHelpIsItsFirstSentenceUnlessVerbose() throws IOException {
        String help = "First deploy code that no longer reads or writes c; drop it in a later migration. Keep the "
                + "data if it may be needed: `CREATE TABLE t_c_backup AS SELECT id, c FROM t;`.";
        Finding f = at("drop-column", 1, 1, 1, 5, help);
        assertTrue(render("x;\n", false, f)
                .contains("  = help: First deploy code that no longer reads or writes c; drop "
                        + "it in a later migration. (miglint explain drop-column for more)\n"));
        assertTrue(render("x;\n", true, f).contains("  = help: " + help + " (miglint explain drop-column for more)\n"));
    }

    @Test
    void aFindingWhoseFileIsGoneIsShownWithoutLines() throws IOException {
        Finding f = new Finding(
                "drop-column",
                Severity.WARNING,
                "m",
                "Do it.",
                new Location(Path.of("/nonexistent/miglint/x.sql"), "x.sql", 3, 1, 3, 9),
                null,
                "x",
                null);
        StringWriter out = new StringWriter();
        new TextReporter(false)
                .write(new LintReport("t", List.of(f), List.of(), ReportFixtures.RULES, List.of(), 0, 1), out);
        assertEquals(
                "x.sql (1 warning)\n\nx.sql:3:1: warning [drop-column] m\n"
                        + "  = help: Do it. (miglint explain drop-column for more)\n\n1 warning in 1 file\n",
                out.toString());
    }
}
