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

class GithubReporterTest {

    private static String render(LintReport report) throws IOException {
        StringWriter out = new StringWriter();
        new GithubReporter().write(report, out);
        return out.toString();
    }

    @Test
    void escapesLikeTheActionsToolkit() {
        assertEquals("100%25 done%0D%0Anext: a, b", GithubReporter.escapeData("100% done\r\nnext: a, b"));
        // A property (file name, title) is one line: a line break in it is shown as \n before the toolkit's escaping.
        assertEquals("a%3Ab%2Cc%25d\\ne", GithubReporter.escapeProperty("a:b,c%d\ne"));
        assertEquals("%2525", GithubReporter.escapeData("%25"), "an already-escaped sequence is escaped again");
    }

    @Test
    void hostileMessageCannotInjectACommand() throws IOException {
        var hostile = ReportFixtures.finding(
                ReportFixtures.NOT_NULL,
                Severity.WARNING,
                "x\n::error file=evil.sql::fake\r%0A",
                null,
                ReportFixtures.at("db/a,b:c.sql", 2, 1, 2, 5),
                null,
                "ALTER TABLE t");
        String out = render(new LintReport("t", List.of(hostile), List.of(), ReportFixtures.RULES, List.of(), 1, 1));
        assertEquals(1, out.split("\n").length, "one command, one line: " + out);
        assertEquals(
                "::warning file=db/a%2Cb%3Ac.sql,line=2,col=1,endLine=2,endColumn=5,"
                        + "title=miglint add-column-not-null::x\\n::error file=evil.sql::fake\\r%250A\n",
                out);
    }

    @Test
    void mapsSeveritiesAndSkipsSuppressedFindings() throws IOException {
        List<String> lines = render(ReportFixtures.sample()).lines().toList();
        assertEquals(5, lines.size(), "3 active findings + 2 tool errors");
        assertTrue(lines.get(0).startsWith("::error "));
        assertTrue(lines.get(1).startsWith("::warning "));
        assertTrue(lines.get(2).startsWith("::notice file=db/migrations/café%3Av2%2Cfinal.sql,line=1,title="));
        assertFalse(String.join("\n", lines).contains("grant-all"), "suppressed finding shown");
        assertEquals(
                "::error title=miglint rule-crash::rule add-column-not-null failed: NullPointerException",
                lines.get(4));
    }
}
