package io.miglint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatTargetTest {

    @Test
    void parsesFormatWithAndWithoutFile() {
        assertEquals(new FormatTarget(ReportFormat.SARIF, Path.of("out.sarif")), FormatTarget.parse("sarif=out.sarif"));
        assertEquals(
                new FormatTarget(ReportFormat.MARKDOWN, Path.of("summary.md")),
                FormatTarget.parse("markdown=summary.md"));
        assertTrue(FormatTarget.parse("text").toStdout());
        assertEquals(ReportFormat.GITHUB, FormatTarget.parse("GitHub").format());
    }

    @Test
    void severalFormatsButOneStdout() {
        List<FormatTarget> targets = FormatTarget.parseAll(List.of("text", "sarif=out.sarif", "markdown=s.md"));
        assertEquals(3, targets.size());
        var e = assertThrows(IllegalArgumentException.class, () -> FormatTarget.parseAll(List.of("text", "json")));
        assertEquals(
                "--format: only one format can go to stdout, got text and json; write the others to files, "
                        + "e.g. sarif=miglint.sarif",
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> FormatTarget.parseAll(List.of("json=a.out", "sarif=./a.out")));
        assertEquals(List.of(new FormatTarget(ReportFormat.TEXT, null)), FormatTarget.parseAll(List.of()));
    }

    @Test
    void badValuesExplainThemselves() {
        assertEquals(
                "unknown format 'xml' (expected one of text, compact, json, sarif, github, gitlab, markdown)",
                assertThrows(IllegalArgumentException.class, () -> FormatTarget.parse("xml=a.xml"))
                        .getMessage());
        assertEquals(
                "--format sarif=: missing file name after '='",
                assertThrows(IllegalArgumentException.class, () -> FormatTarget.parse("sarif="))
                        .getMessage());
    }

    @Test
    void factoryBuildsEveryFormat() {
        for (ReportFormat f : ReportFormat.values()) {
            assertTrue(f.reporter(false) != null);
        }
        assertTrue(ReportFormat.TEXT.reporter(true) instanceof TextReporter);
        assertTrue(ReportFormat.SARIF.reporter(false) instanceof SarifReporter);
    }
}
