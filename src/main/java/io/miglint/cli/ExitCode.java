package io.miglint.cli;

/** Process exit codes; documented in README.md. */
public final class ExitCode {
    private ExitCode() {}

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

    /**
     * {@link #BINARIES_UNAVAILABLE} for binaries that cannot be had, {@link #ENGINE_NOT_INCLUDED} for an engine this
     * jar leaves out, else {@link #DATABASE_UNAVAILABLE}.
     */
    static int of(io.miglint.verify.DatabaseUnavailableException e) {
        if (e instanceof io.miglint.verify.EngineNotIncludedException) {
            return ENGINE_NOT_INCLUDED;
        }
        return e instanceof io.miglint.verify.BinariesUnavailableException
                ? BINARIES_UNAVAILABLE
                : DATABASE_UNAVAILABLE;
    }
    /**
     * The embedded engine's PostgreSQL binaries for the major asked for are not cached and cannot be fetched
     * (offline, no binaries published for the platform, a checksum that does not match).
     */
    public static final int BINARIES_UNAVAILABLE = 6;
    /**
     * The engine asked for is not in this jar: the lint jar (miglint-lint.jar) has no docker engine; the full jar
     * (miglint.jar) has.
     */
    public static final int ENGINE_NOT_INCLUDED = 7;
    /** Some input could not be read or decoded (unreadable file, binary or non-UTF-8 text); the rest was checked. */
    public static final int INPUT = 5;
}
