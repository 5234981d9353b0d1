package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.diagnostic.ToolError;
import io.miglint.engine.LintReport;
import io.miglint.layout.Direction;
import io.miglint.rule.Finding;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReporterTest {

    private static String render(LintReport report) throws IOException {
        StringWriter out = new StringWriter();
        new MarkdownReporter().write(report, out);
        return out.toString();
    }

    private static int rows(String markdown) {
        return (int) markdown.lines()
                .filter(l -> l.startsWith("| ⚠️ warning | `db/"))
                .count();
    }

    @Test
    void fiftyFindingsNeedNoDetails() throws IOException {
        String md = render(ReportFixtures.many(50));
        assertFalse(md.contains("<details>"));
        assertEquals(50, rows(md));
    }

    @Test
    void findingsPastFiftyAreCollapsed() throws IOException {
        String md = render(ReportFixtures.many(73));
        int open = md.indexOf("<details>");
        assertTrue(open > 0);
        assertEquals(50, rows(md.substring(0, open)));
        assertEquals(23, rows(md.substring(open)));
        assertTrue(md.contains("<summary>23 more findings</summary>"));
        assertTrue(md.stripTrailing().endsWith("</details>"));
        assertTrue(md.indexOf("finding number 50<") > open, "the 51st finding is inside the details");
    }

    @Test
    void groupsByMigrationFolderAndVersionName() throws IOException {
        String md = render(ReportFixtures.many(25));
        assertTrue(md.contains("### db/migrations · 0\\_step"));
        assertTrue(md.contains("### db/migrations · 2\\_step"));
        assertEquals(3, md.lines().filter(l -> l.startsWith("### ")).count());
    }

    @Test
    void escapesTableAndHtmlSignificantCharacters() {
        // A line break inside a value is shown as \r\n (its backslashes escaped for markdown), never a new row.
        assertEquals(
                "a \\| b \\`c\\` &lt;details&gt; x&amp;y\\\\r\\\\nz",
                MarkdownReporter.escape("a | b `c` <details> x&y\r\nz"));
    }

    @Test
    void linksRulesAndHidesSuppressedFindings() throws IOException {
        String md = render(ReportFixtures.sample());
        assertTrue(md.contains("[concurrent-index](" + ReportFixtures.CONCURRENT_INDEX.helpUri() + ")"));
        assertFalse(md.contains("grant-all"));
        assertTrue(md.contains("| ❌ error | 1 |"));
        assertTrue(md.contains("### Tool errors"));
    }

    @Test
    void noFindingsIsOneLine() throws IOException {
        assertEquals("✅ miglint: no findings in 12 files\n", render(ReportFixtures.clean()));
    }

    private static String render(LintReport report, int maxBytes, List<FormatTarget> others) throws IOException {
        StringWriter out = new StringWriter();
        new MarkdownReporter(maxBytes, others).write(report, out);
        return out.toString();
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * A long history: {@code infos} infos and {@code warnings} warnings in the early migrations, then {@code errors}
     * errors in the last ones, with non-ASCII messages (several bytes a character) of a few hundred bytes.
     */
    private static LintReport history(int infos, int warnings, int errors) {
        List<Finding> findings = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < infos + warnings + errors; i++) {
            Severity severity = i < infos ? Severity.INFO : i < infos + warnings ? Severity.WARNING : Severity.ERROR;
            int migration = i / 7;
            String path = "db/migrations/" + migration + "_täble_ändern.up.sql";
            findings.add(ReportFixtures.finding(
                    ReportFixtures.NOT_NULL,
                    severity,
                    severity.label() + " number " + i + ": la colonne « prix » n’a pas de valeur par défaut — "
                            + "é".repeat(60),
                    "ajoutez une valeur par défaut, ou remplissez puis SET NOT NULL",
                    ReportFixtures.at(path, i % 7 + 1, 1, i % 7 + 1, 20),
                    new MigrationRef(String.valueOf(migration), "täble_ändern", Direction.UP),
                    "ALTER TABLE t"));
            n++;
        }
        return new LintReport("0.1.0-test", findings, List.of(), ReportFixtures.RULES, List.of(), 1, n / 7 + 1);
    }

    /** GitHub drops a step summary over 1 MiB whole: a history of 26,000 findings is cut to the default cap. */
    @Test
    void aLongHistoryStaysUnderTheStepSummaryLimit() throws IOException {
        LintReport report = history(25_000, 1_000, 10);
        String uncapped = render(report, Integer.MAX_VALUE, List.of());
        assertTrue(bytes(uncapped) > 1_048_576, "the fixture must be over GitHub's limit: " + bytes(uncapped));

        String md = render(
                report,
                MarkdownReporter.MAX_BYTES,
                List.of(
                        new FormatTarget(ReportFormat.GITHUB, null),
                        new FormatTarget(ReportFormat.SARIF, Path.of("miglint.sarif"))));
        assertTrue(bytes(md) <= MarkdownReporter.MAX_BYTES, "summary of " + bytes(md) + " bytes");
        assertTrue(bytes(md) > MarkdownReporter.MAX_BYTES - 10_000, "the cap is used, not wasted: " + bytes(md));
        assertTrue(md.startsWith("## miglint: 10 errors, 1000 warnings, 25000 info\n"), md.substring(0, 80));
        assertTrue(md.contains("| ℹ️ info | 25000 |"), "the totals stay whole");
        long errors = md.lines().filter(l -> l.startsWith("| ❌ error | `")).count();
        long warnings = md.lines().filter(l -> l.startsWith("| ⚠️ warning | `")).count();
        long infos = md.lines().filter(l -> l.startsWith("| ℹ️ info | `")).count();
        assertEquals(10, errors, "every error is kept");
        assertEquals(1_000, warnings, "every warning is kept before any info");
        assertTrue(infos > 0 && infos < 25_000, "infos fill what is left: " + infos);
        assertTrue(
                md.contains("\n**" + (25_000 - infos) + " more findings not shown** (" + (25_000 - infos)
                        + " info): this summary is kept under 1,000,000 bytes, as GitHub drops a step summary over 1 MiB "
                        + "whole; every finding is in the github report on standard output (the job log in CI) and "
                        + "`miglint.sarif` (sarif).\n"),
                md.substring(md.length() - 600));
        assertTrue(md.contains("<summary>" + (errors + warnings + infos - 50) + " more findings</summary>"));
    }

    /** The errors come first even though the history reaches them last: their migrations' tables open the report. */
    @Test
    void theMostSevereFindingsAreShownFirst() throws IOException {
        String md = render(history(300, 0, 3), 20_000, List.of());
        int firstTable = md.indexOf("\n### ");
        assertTrue(
                md.substring(firstTable).startsWith("\n### db/migrations · 42\\_täble\\_ändern\n"),
                md.substring(firstTable, firstTable + 80));
        assertTrue(md.indexOf("| ❌ error | `") < md.indexOf("| ℹ️ info | `"));
        assertEquals(3, md.lines().filter(l -> l.startsWith("| ❌ error | `")).count());
        assertTrue(md.contains("more findings not shown** ("), md);
        assertTrue(
                md.contains(
                        "add `--format json=FILE` or `--format sarif=FILE` to the same run for every " + "finding."),
                "without another report the note says how to get one");
        assertTrue(bytes(md) <= 20_000, "summary of " + bytes(md) + " bytes");
    }

    /** Whatever the cap, the output fits in it; the count left out and the rows shown add up. */
    @Test
    void everyCapIsKept() throws IOException {
        LintReport report = history(400, 200, 40);
        for (int cap = 3_000; cap <= 150_000; cap += 7_919) {
            String md = render(report, cap, List.of());
            assertTrue(bytes(md) <= cap, cap + ": " + bytes(md));
            long rows = md.lines()
                    .filter(l -> l.startsWith("| ") && l.contains(" | `db/"))
                    .count();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\*\\*(\\d+) more findings? not shown")
                    .matcher(md);
            long omitted = m.find() ? Long.parseLong(m.group(1)) : 0;
            assertEquals(640, rows + omitted, "cap " + cap);
        }
    }

    @Test
    void aSmallReportIsNotCut() throws IOException {
        assertEquals(render(ReportFixtures.sample()), render(ReportFixtures.sample(), 5_000, List.of()));
        assertFalse(render(ReportFixtures.many(73), 100_000, List.of()).contains("not shown"));
    }

    @Test
    void thousandsOfToolErrorsTakeAQuarterAtMost() throws IOException {
        List<ToolError> errors = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            errors.add(new ToolError(
                    ToolError.Kind.UNREADABLE_FILE,
                    "invalid UTF-8 byte 0xC3 at offset " + i,
                    "db/migrations/" + i + "_bad.sql",
                    1,
                    1));
        }
        LintReport report = new LintReport(
                "0.1.0-test", ReportFixtures.many(20).findings(), errors, ReportFixtures.RULES, List.of(), 5, 5_020);
        String md = render(report, 40_000, List.of());
        assertTrue(bytes(md) <= 40_000, "summary of " + bytes(md) + " bytes");
        assertEquals(20, rows(md), "the findings keep their share");
        String tools = md.substring(md.indexOf("### Tool errors"));
        assertTrue(bytes(tools) <= 10_000, "tool errors: " + bytes(tools));
        assertTrue(
                tools.matches("(?s).*- … \\d+ more tool errors \\(the JSON and SARIF reports list them all\\)\n"),
                tools.substring(tools.length() - 200));
    }

    /** One message of megabytes (a statement quoted whole) cannot crowd out every other finding. */
    @Test
    void aHugeMessageIsCut() throws IOException {
        String huge = "x".repeat(3_000_000);
        List<Finding> findings = new ArrayList<>(ReportFixtures.many(3).findings());
        findings.add(
                0,
                ReportFixtures.finding(
                        ReportFixtures.NOT_NULL,
                        Severity.WARNING,
                        huge,
                        huge,
                        ReportFixtures.at("db/migrations/9_x.up.sql", 1, 1, 1, 2),
                        null,
                        ""));
        LintReport report = new LintReport("0.1.0-test", findings, List.of(), ReportFixtures.RULES, List.of(), 1, 5);
        String md = render(report, 20_000, List.of());
        assertEquals(
                4, md.lines().filter(l -> l.startsWith("| ⚠️ warning | `db/")).count(), md.length() + "");
        assertTrue(md.contains("x".repeat(MarkdownReporter.MAX_CELL_CHARS) + "…<br>"));
    }
}
