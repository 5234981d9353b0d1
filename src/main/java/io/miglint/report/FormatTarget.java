package io.miglint.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code --format} value: {@code sarif=out.sarif} writes SARIF to a file, {@code text} writes to stdout.
 *
 * @param file null for stdout
 */
public record FormatTarget(ReportFormat format, Path file) {

    public boolean toStdout() {
        return file == null;
    }

    /** Parses one value; a malformed one is an {@link IllegalArgumentException} with a one-line message. */
    public static FormatTarget parse(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            return new FormatTarget(ReportFormat.parse(value), null);
        }
        String file = value.substring(eq + 1).trim();
        if (file.isEmpty()) {
            throw new IllegalArgumentException("--format " + value + ": missing file name after '='");
        }
        return new FormatTarget(ReportFormat.parse(value.substring(0, eq)), Path.of(file));
    }

    /**
     * Parses several values (one run may write text to the terminal, SARIF and markdown to files). At most one may go
     * to stdout, because two reports on one stream cannot be told apart; no two may name the same file.
     * No value at all means text on stdout.
     */
    public static List<FormatTarget> parseAll(List<String> values) {
        List<FormatTarget> targets = new ArrayList<>();
        for (String value : values) {
            targets.add(parse(value));
        }
        if (targets.isEmpty()) {
            return List.of(new FormatTarget(ReportFormat.TEXT, null));
        }
        List<String> onStdout = targets.stream()
                .filter(FormatTarget::toStdout)
                .map(t -> t.format().label())
                .toList();
        if (onStdout.size() > 1) {
            throw new IllegalArgumentException("--format: only one format can go to stdout, got "
                    + String.join(" and ", onStdout) + "; write the others to files, e.g. sarif=miglint.sarif");
        }
        List<Path> files = targets.stream()
                .filter(t -> !t.toStdout())
                .map(t -> t.file().toAbsolutePath().normalize())
                .toList();
        for (int i = 0; i < files.size(); i++) {
            if (files.indexOf(files.get(i)) != i) {
                throw new IllegalArgumentException("--format: two formats write to " + files.get(i));
            }
        }
        return List.copyOf(targets);
    }
}
