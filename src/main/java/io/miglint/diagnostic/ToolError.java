package io.miglint.diagnostic;

import java.util.Collection;

/**
 * A problem of the tool, not of the migrations: an unreadable file, an undecodable byte, a rule that crashed, a
 * database that could not be reached. Reported in JSON {@code errors[]} and SARIF {@code toolExecutionNotifications}.
 * {@code line}/{@code column} are 0 when there is no position; {@code cause} is the exception behind a crash (printed
 * with {@code MIGLINT_DEBUG=1}), null otherwise.
 */
public record ToolError(Kind kind, String message, String file, int line, int column, Throwable cause) {

    /**
     * What went wrong, with the exit code it leads to (README, "Exit codes"). Declared from the most to the least
     * serious: when a run has errors of several kinds, the first kind's code is the run's.
     */
    public enum Kind {
        /** A rule (or the engine) threw: a bug in miglint. */
        RULE_CRASH("rule-crash", 3),
        /** The engine asked for is not in this jar (the lint jar has no docker engine). */
        ENGINE_NOT_INCLUDED("engine-not-included", 7),
        /** The embedded engine's PostgreSQL binaries for the major asked for cannot be had. */
        BINARIES("binaries", 6),
        /** The database could not be reached, started, or stopped answering. */
        DATABASE("database", 4),
        /** The layout given with --layout or layout: reads none of a folder's files: a usage error. */
        LAYOUT_MISFIT("layout-misfit", 2),
        /** A file or folder could not be read. */
        IO("io", 5),
        /** A migration file could not be decoded, or is too large to lint. */
        UNREADABLE_FILE("unreadable-file", 5),
        /** A path fits no migration layout. */
        LAYOUT("layout", 5),
        /** A symbolic link leads back into a folder already read. */
        SYMLINK_LOOP("symlink-loop", 5),
        /** A symbolic link leads out of the repository. */
        OUTSIDE_REPOSITORY_LINK("outside-repository-link", 5),
        /** The schema model could not follow a statement: later findings may be less precise; the run is complete. */
        SCHEMA_MODEL("schema-model", 0);

        private final String label;
        private final int exitCode;

        Kind(String label, int exitCode) {
            this.label = label;
            this.exitCode = exitCode;
        }

        /** The name in reports ({@code kind} in JSON, the descriptor id in SARIF). */
        public String label() {
            return label;
        }

        /** The process exit code an error of this kind leads to; 0 when it does not fail the run. */
        public int exitCode() {
            return exitCode;
        }
    }

    public ToolError(Kind kind, String message, String file, int line, int column) {
        this(kind, message, file, line, column, null);
    }

    /** The exit code of the most serious error, 0 when none fails the run. */
    public static int exitCode(Collection<ToolError> errors) {
        return errors.stream()
                .map(ToolError::kind)
                .filter(k -> k.exitCode() != 0)
                .min(Enum::compareTo)
                .map(Kind::exitCode)
                .orElse(0);
    }

    public String render() {
        if (file == null) {
            return kind.label() + ": " + message;
        }
        String pos = line > 0 ? file + ":" + line + ":" + Math.max(1, column) : file;
        return pos + ": " + kind.label() + ": " + message;
    }
}
