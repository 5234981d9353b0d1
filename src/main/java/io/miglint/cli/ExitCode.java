package io.miglint.cli;

/** Process exit codes; documented in README.md. */
public final class ExitCode {
    private ExitCode() {
    }

    /** No finding at or above --fail-on. */
    public static final int CLEAN = 0;
    /** Findings at or above --fail-on. */
    public static final int FINDINGS = 1;
    /** Bad command line or configuration. */
    public static final int USAGE = 2;
    /** miglint itself failed (a crashed rule, a bug). */
    public static final int INTERNAL = 3;
    /** The database could not be reached or started. */
    public static final int DATABASE_UNAVAILABLE = 4;
    /** Some input could not be read or decoded (unreadable file, binary or non-UTF-8 text); the rest was checked. */
    public static final int INPUT = 5;
}
