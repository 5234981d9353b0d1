package io.miglint.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The output formats of {@code --format}. */
public enum ReportFormat {
    TEXT, JSON, SARIF, GITHUB, MARKDOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param color ANSI colours for the text format; the CLI passes true only when the target is a terminal
     */
    public Reporter reporter(boolean color) {
        return switch (this) {
            case TEXT -> new TextReporter(color);
            case JSON -> new JsonReporter();
            case SARIF -> new SarifReporter();
            case GITHUB -> new GithubReporter();
            case MARKDOWN -> new MarkdownReporter();
        };
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
