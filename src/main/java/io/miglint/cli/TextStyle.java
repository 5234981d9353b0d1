package io.miglint.cli;

import java.util.Locale;

/**
 * How the text report looks: {@code --color} and {@code --verbose}. Colour is decided here and nowhere else:
 * {@code always} and {@code never} say it; {@code auto} (the default) colours only when stdout is a terminal and
 * {@code NO_COLOR} is unset or empty (https://no-color.org: a command-line option wins over the variable). A report
 * written to a file is never coloured.
 */
record TextStyle(Color color, boolean verbose) {

    enum Color {
        AUTO,
        ALWAYS,
        NEVER;

        /** {@code auto}, {@code always} or {@code never}; null is the default, {@code auto}. */
        static Color parse(String value) {
            if (value == null) {
                return AUTO;
            }
            for (Color c : values()) {
                if (c.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            throw new UsageException("--color: expected auto, always or never, got '" + value + "'");
        }
    }

    /** Whether the text report on stdout is coloured. */
    boolean colored() {
        return colored(stdoutIsTerminal(), System.getenv("NO_COLOR"));
    }

    boolean colored(boolean terminal, String noColor) {
        return switch (color) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> terminal && (noColor == null || noColor.isEmpty());
        };
    }

    static boolean stdoutIsTerminal() {
        return Terminal.stdoutIsTerminal();
    }
}
