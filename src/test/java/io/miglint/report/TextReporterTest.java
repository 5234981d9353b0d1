package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.engine.LintReport;
import io.miglint.rule.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReporterTest {

    private static String render(LintReport report, boolean color) throws IOException {
        StringWriter out = new StringWriter();
        new TextReporter(color).write(report, out);
        return out.toString();
    }

    @Test
    void colourOnlyWhenAsked() throws IOException {
        assertFalse(render(ReportFixtures.sample(), false).contains("\u001b"));
        assertTrue(render(ReportFixtures.sample(), true).contains("\u001b[1;31merror\u001b[0m"));
    }

    @Test
    void findingLineThenIndentedHelp() throws IOException {
        List<String> lines = render(ReportFixtures.sample(), false).lines().toList();
        assertEquals("db/migrations/20240101120000_create orders.up.sql:3:1: error [concurrent-index] "
                + "blocks writes to orders while the index builds: 100% of writes | `orders`", lines.get(0));
        assertEquals("    use CREATE INDEX CONCURRENTLY in a migration of its own:", lines.get(1));
        assertEquals("db/migrations/3_bad bytes.sql:2:5: error: unreadable-file: invalid UTF-8 byte 0xC3 at offset 17",
                lines.get(lines.size() - 3));
        assertEquals("1 error, 1 warning, 1 info in 4 files (2 suppressed, 2 tool errors)", lines.get(lines.size() - 1));
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
        var f = ReportFixtures.finding(ReportFixtures.NOT_NULL, Severity.WARNING, "evil \u001b[2J name", null,
                ReportFixtures.at("a.sql", 1, 1, 1, 2), null, "x");
        String out = render(new LintReport("t", List.of(f), List.of(), ReportFixtures.RULES, List.of(), 0, 1), false);
        assertFalse(out.contains("\u001b"));
        assertTrue(out.contains("evil \\x1b[2J name"));
    }
}
