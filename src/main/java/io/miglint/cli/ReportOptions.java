package io.miglint.cli;

import io.miglint.report.FormatTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a report goes: {@code --format} and {@code -o/--output}, the same on check, verify and gate. */
final class ReportOptions {
    @Option(names = "--format", paramLabel = "FORMAT[=FILE]",
            description = "text, json, sarif, github or markdown; repeat with =FILE to write several "
                    + "(e.g. --format text --format sarif=miglint.sarif). Default: text.")
    List<String> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the (single) report to FILE.")
    Path output;

    /** The formats and files asked for, checked (a usage error otherwise). */
    List<FormatTarget> targets() {
        return ReportWriter.targets(formats, output);
    }
}
