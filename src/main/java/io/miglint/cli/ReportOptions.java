package io.miglint.cli;

import io.miglint.report.FormatTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where a report goes ({@code --format}, {@code -o/--output}) and how the text report looks ({@code --color},
 * {@code --verbose}): the same on check, verify and gate.
 */
final class ReportOptions {
    @Option(
            names = "--format",
            paramLabel = "FORMAT[=FILE]",
            description = "text, compact, json, sarif, github, gitlab or markdown; repeat with =FILE to write several "
                    + "(e.g. --format text --format sarif=miglint.sarif). Default: text.")
    List<String> formats = new ArrayList<>();

    @Option(
            names = "--color",
            paramLabel = "WHEN",
            description = "Colour the text report: auto (default: when "
                    + "stdout is a terminal and NO_COLOR is unset or empty), always, never.")
    String color;

    @Option(
            names = "--verbose",
            description = "The text report shows each finding's whole help, not its first " + "sentence.")
    boolean verbose;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the (single) report to FILE.")
    Path output;

    /** The formats and files asked for, checked (a usage error otherwise). */
    List<FormatTarget> targets() {
        return ReportWriter.targets(formats, output);
    }

    /** {@code --color} and {@code --verbose}, checked (a usage error otherwise). */
    TextStyle style() {
        return new TextStyle(TextStyle.Color.parse(color), verbose);
    }
}
