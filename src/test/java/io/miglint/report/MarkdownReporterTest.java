package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.engine.LintReport;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MarkdownReporterTest {

    private static String render(LintReport report) throws IOException {
        StringWriter out = new StringWriter();
        new MarkdownReporter().write(report, out);
        return out.toString();
    }

    private static int rows(String markdown) {
        return (int) markdown.lines().filter(l -> l.startsWith("| ⚠️ warning | `db/")).count();
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
        assertEquals("a \\| b \\`c\\` &lt;details&gt; x&amp;y\\\\r\\\\nz",
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
}
