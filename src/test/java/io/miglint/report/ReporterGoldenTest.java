package io.miglint.report;

import io.miglint.engine.LintReport;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every format, byte for byte, on the hostile sample and on a clean run. */
class ReporterGoldenTest {

    static final String CONCURRENT_INDEX_PAGE = """
            # concurrent-index

            ## Problem

            `CREATE INDEX` takes a SHARE lock on the table:
            writes wait until the index is built.

            ## Best practice

            ```sql
            CREATE INDEX CONCURRENTLY idx ON orders (id);
            ```
            """;

    static SarifReporter sarif() {
        Map<String, String> pages = Map.of("concurrent-index", CONCURRENT_INDEX_PAGE);
        return new SarifReporter(ReportFixtures.WORKDIR, id -> Optional.ofNullable(pages.get(id)));
    }

    /** The text report with the sample's first migration readable, so its findings show their lines. */
    static TextReporter text(boolean color, boolean verbose) {
        return new TextReporter(color, verbose, false, ReportFixtures::source);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("sample.txt", text(false, false), ReportFixtures.sample()),
                Arguments.of("sample-color.txt", text(true, false), ReportFixtures.sample()),
                Arguments.of("sample-verbose.txt", text(false, true), ReportFixtures.sample()),
                Arguments.of("sample.compact.txt", TextReporter.compact(false), ReportFixtures.sample()),
                Arguments.of("sample.gitlab.json", new GitlabReporter(ReportFixtures.WORKDIR), ReportFixtures.sample()),
                Arguments.of("sample.json", new JsonReporter(), ReportFixtures.sample()),
                Arguments.of("sample.sarif", sarif(), ReportFixtures.sample()),
                Arguments.of("sample.github.txt", new GithubReporter(), ReportFixtures.sample()),
                Arguments.of("sample.md", new MarkdownReporter(), ReportFixtures.sample()),
                Arguments.of("clean.txt", new TextReporter(false), ReportFixtures.clean()),
                Arguments.of("clean.json", new JsonReporter(), ReportFixtures.clean()),
                Arguments.of("clean.sarif", sarif(), ReportFixtures.clean()),
                Arguments.of("clean.github.txt", new GithubReporter(), ReportFixtures.clean()),
                Arguments.of("clean.compact.txt", TextReporter.compact(false), ReportFixtures.clean()),
                Arguments.of("clean.gitlab.json", new GitlabReporter(ReportFixtures.WORKDIR), ReportFixtures.clean()),
                Arguments.of("clean.md", new MarkdownReporter(), ReportFixtures.clean()),
                Arguments.of("many.md", new MarkdownReporter(), ReportFixtures.many(53)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGoldenFile(String golden, Reporter reporter, LintReport report) throws IOException {
        StringWriter out = new StringWriter();
        reporter.write(report, out);
        GoldenFiles.assertMatches(golden, out.toString());
    }
}
