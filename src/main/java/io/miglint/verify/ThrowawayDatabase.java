package io.miglint.verify;

import java.sql.SQLException;

/**
 * A PostgreSQL server the verifier may freely create and drop databases on. Open one per run; each migration set gets
 * its own {@link ScratchDatabase}. Closing drops everything that was created.
 */
public sealed interface ThrowawayDatabase extends AutoCloseable permits ScratchServerDatabase {

    /**
     * Opens the engine the options ask for.
     *
     * @throws DatabaseUnavailableException when it cannot be had (no Docker, server unreachable, …): exit code 4;
     *                                      {@link EngineNotIncludedException} where this jar leaves the engine out
     * @throws IllegalArgumentException     for settings that contradict each other (a usage error)
     */
    static ThrowawayDatabase open(VerifyOptions options) throws DatabaseUnavailableException {
        return switch (options.engine()) {
            case EMBEDDED -> EmbeddedDatabase.start(options.pgVersion(), options.sandbox());
            case DOCKER -> {
                EngineNotIncludedException.requireDocker();
                yield DockerDatabase.start(options.pgVersion(), options.sandbox());
            }
            case URL -> {
                if (options.databaseUrl() == null || options.databaseUrl().isBlank()) {
                    throw new IllegalArgumentException("--engine url needs --database-url postgres://…");
                }
                // The URL names a server for throwaway databases: a search_path it carries (a target's URL reused)
                // names schemas those databases do not have; the gate sets up the target's own (VerifyOptions.Session)
                UrlDatabase db = UrlDatabase.connect(
                        DatabaseUrl.parse(options.databaseUrl()).withoutSearchPath(), options.sandbox());
                Integer asked = options.pgVersion();
                int runs = db.serverMajor();
                if (asked != null && asked != runs) {
                    // --engine url verifies on the server it is given: a version asked for must be that server's
                    db.close();
                    throw new IllegalArgumentException("--pg-version " + asked + " asks for PostgreSQL " + asked
                            + ", but the --database-url server runs PostgreSQL " + runs + ": --engine url verifies on "
                            + "the server it is given; leave --pg-version out, or use --engine embedded or docker, "
                            + "which run the version asked for");
                }
                yield db;
            }
        };
    }

    /**
     * A throwaway server for a replay that is compared with a server of major version {@code major} (the release
     * gate's target), and why it runs another major, if it does.
     *
     * @param fallback null when the engine gave the major asked for or the user chose the server (--engine url); else
     *                 why it could not, in words for the report
     */
    record Opened(ThrowawayDatabase db, String fallback) {}

    /**
     * Opens the engine the options ask for, on major version {@code major} where it can choose: the embedded engine
     * with that major's binaries (fetched into the user's cache when not bundled), the docker engine without
     * {@code --image} with {@code postgres:<major>} (or {@code miglint/postgres:<major>}, built from Debian's
     * packages) when present or pullable. Where that major cannot be had, the engine's default major, with the reason
     * in {@link Opened#fallback}. {@code options.pgVersion()} is not used.
     */
    static Opened openFor(int major, VerifyOptions options) throws DatabaseUnavailableException {
        switch (options.engine()) {
            case EMBEDDED -> {
                if (major < EmbeddedDatabase.OLDEST_MAJOR) {
                    return new Opened(
                            EmbeddedDatabase.start(null, options.sandbox()),
                            "the verifier runs PostgreSQL " + EmbeddedDatabase.OLDEST_MAJOR + " and later only");
                }
                try {
                    return new Opened(EmbeddedDatabase.start(major, options.sandbox()), null);
                } catch (BinariesRefusedException e) {
                    throw e; // a tampered download fails the run, it is not a reason to compare on another major
                } catch (BinariesUnavailableException e) {
                    return new Opened(EmbeddedDatabase.start(null, options.sandbox()), e.getMessage());
                }
            }
            case DOCKER -> {
                EngineNotIncludedException.requireDocker();
                if (options.sandbox().image() != null) {
                    return new Opened(DockerDatabase.start(null, options.sandbox()), null);
                }
                try {
                    return new Opened(DockerDatabase.start(major, options.sandbox()), null);
                } catch (DatabaseUnavailableException e) {
                    if (!DockerDatabase.dockerAvailable()) {
                        throw e;
                    }
                    return new Opened(DockerDatabase.start(null, options.sandbox()), e.getMessage());
                }
            }
            default -> {
                return new Opened(open(options.withPgVersion(null)), null);
            }
        }
    }

    /** A new empty database owned by the runner role (no SUPERUSER, CREATEDB or CREATEROLE). */
    ScratchDatabase createScratch() throws SQLException;

    /**
     * A scratch database without {@link ChangeCapture}, for work that reads the schema once at the end (the release
     * gate's replay): the event triggers would only slow its scripts down.
     */
    ScratchDatabase createScratchWithoutCapture() throws SQLException;

    /**
     * Installs extensions into a scratch database as the admin, before its folder runs; the caller checks each
     * against {@link VerifyOptions.Sandbox#mayInstall}. Answers those installed (none where the admin is no
     * superuser).
     */
    java.util.Set<String> installExtensions(ScratchDatabase database, java.util.Collection<String> names);

    /** Ends the runner's session {@code pid} in {@code database} from the admin side; false if there was none. */
    boolean terminate(ScratchDatabase database, int pid);

    void drop(ScratchDatabase database) throws SQLException;

    /** For messages: "embedded PostgreSQL 17.7", "postgres://app:***@db:5432/app". */
    String description();

    /** server_version_num, e.g. 170007. */
    int serverVersionNum();

    @Override
    void close();
}
