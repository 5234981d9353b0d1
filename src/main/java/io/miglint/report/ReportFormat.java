package io.miglint.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The output formats of {@code --format}. */
public enum ReportFormat {
    TEXT,
    COMPACT,
    JSON,
    SARIF,
    GITHUB,
    GITLAB,
    MARKDOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param color ANSI colours for the text and compact formats; the CLI passes true only when the target is a
     *              terminal (or {@code --color=always})
     */
    public Reporter reporter(boolean color) {
        return reporter(color, false);
    }

    /**
     * @param verbose the text format shows each finding's whole help instead of its first sentence
     */
    public Reporter reporter(boolean color, boolean verbose) {
        return switch (this) {
            case TEXT -> new TextReporter(color, verbose, false, TextReporter::readSource);
            case COMPACT -> TextReporter.compact(color);
            case JSON -> new JsonReporter();
            case SARIF -> new SarifReporter();
            case GITHUB -> new GithubReporter();
            case GITLAB -> new GitlabReporter();
            case MARKDOWN -> new MarkdownReporter();
        };
    }

    /** Whether the format is read by a person on a terminal: colours and {@code --verbose} apply to it. */
    public boolean forPeople() {
        return this == TEXT || this == COMPACT;
    }

    /** Accepts the lower-case label; anything else is an {@link IllegalArgumentException} naming the choices. */
    public static ReportFormat parse(String label) {
        for (ReportFormat f : values()) {
            if (f.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + label + "' (expected one of " + choices() + ")");
    }

    public static String choices() {
        return Arrays.stream(values()).map(ReportFormat::label).collect(Collectors.joining(", "));
    }
}
