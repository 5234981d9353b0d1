package io.miglint.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Settings of one verification run.
 *
 * @param engine         where the throwaway database comes from
 * @param databaseUrl    for {@link EngineKind#URL}: the server (never itself migrated); null otherwise
 * @param pgVersion      major version for engines that can choose (embedded: fetched binaries unless 17, docker: the
 *                       image); null for the engine's default
 * @param traceLocks     observe locks and table rewrites of every up statement ({@code --trace-locks})
 * @param ignoredTables  tables left out of snapshots (the tools' own tracking tables), matched by name in any schema
 * @param shard          which contiguous slice of each folder's migrations to verify ({@code --shard i/n}); the
 *                       migrations before the slice are only replayed (up, no checks), those after it are skipped
 * @param progress       told when each migration starts (the CLI prints it on a terminal); never null
 * @param sandbox        what the SQL under test may use and how long it may run; never null
 * @param session        for the release gate: the target's search_path and the schemas it has before any
 *                       migration, so the throwaway database is set up as the target; null for none
 * @param downsSince     the first version whose down is verified ({@code verify: {downs-since: …}},
 *                       {@code --downs-since}): older migrations are applied up only, once; null for every version
 */
public record VerifyOptions(
        EngineKind engine,
        String databaseUrl,
        Integer pgVersion,
        boolean traceLocks,
        List<String> ignoredTables,
        Shard shard,
        Progress progress,
        Sandbox sandbox,
        Session session,
        io.miglint.layout.Version downsSince) {

    /**
     * How the target's sessions see names: the migrations ran there with this search_path (from the URL's
     * {@code search_path} or {@code options}, or the database's and role's settings), in schemas that existed before
     * them (the tool's schema, one a DBA created). A throwaway database gets the same schemas, owned by the runner,
     * and every runner session the same search_path, so that a replay puts each object where it is on the target.
     *
     * @param searchPath the target session's search_path, {@code $user} spelled as the target's user
     * @param schemas    schemas to create before the first migration
     */
    public record Session(String searchPath, List<String> schemas) {
        public Session {
            schemas = List.copyOf(schemas);
        }

        /**
         * Creates the schemas and sets the session's search_path, on the runner's own session: the runner owns the
         * throwaway database, so it may create schemas there, and owns them as it owns what the migrations create.
         */
        public void prepare(ScratchDatabase scratch, Connection runner) throws SQLException {
            try (Statement st = runner.createStatement()) {
                for (String schema : schemas) {
                    st.execute("create schema if not exists " + quote(schema));
                }
            }
            try (PreparedStatement ps = runner.prepareStatement("select set_config('search_path', ?, false)")) {
                ps.setString(1, searchPath);
                ps.execute();
            }
        }

        private static String quote(String identifier) {
            return '"' + identifier.replace("\"", "\"\"") + '"';
        }
    }

    /**
     * The limits of the SQL under test.
     *
     * @param allowedExtensions superuser-only extensions the admin connection may install into a scratch database
     *                          before a folder runs (those that cannot reach the host); extensions in
     *                          {@link #NEVER_INSTALLED} are refused whatever this says
     * @param runnerRole        a pre-created role to run the migrations as, for a {@code --database-url} role that
     *                          may not create roles (null: a generated role)
     * @param runnerPassword    its password (from the environment, never the command line); may be null
     * @param statementTimeout  PostgreSQL's statement_timeout in the runner's sessions
     * @param timeout           the whole verification: when it elapses the runner's session is ended by the admin
     * @param image             the docker engine's container image; null for {@code postgres:<version>}
     */
    public record Sandbox(
            List<String> allowedExtensions,
            String runnerRole,
            String runnerPassword,
            Duration statementTimeout,
            Duration timeout,
            String image) {
        /** Extensions whose objects cannot read or write the server's files, run programs or open connections. */
        public static final List<String> DEFAULT_EXTENSIONS = List.of(
                "btree_gin",
                "btree_gist",
                "citext",
                "cube",
                "earthdistance",
                "fuzzystrmatch",
                "hstore",
                "intarray",
                "isn",
                "lo",
                "ltree",
                "pg_stat_statements",
                "pg_trgm",
                "pgcrypto",
                "postgis",
                "postgis_topology",
                "postgis_raster",
                "seg",
                "tablefunc",
                "tcn",
                "tsm_system_rows",
                "tsm_system_time",
                "unaccent",
                "uuid-ossp",
                "vector");
        /**
         * Never installed for a migration, allowed or not: untrusted languages run code as the server's user,
         * dblink and the foreign-data wrappers open connections and files, and the rest read raw server state.
         */
        public static final List<String> NEVER_INSTALLED = List.of(
                "adminpack",
                "dblink",
                "file_fdw",
                "old_snapshot",
                "pageinspect",
                "pg_buffercache",
                "pg_freespacemap",
                "pg_prewarm",
                "pg_surgery",
                "pg_visibility",
                "pg_walinspect",
                "pgrowlocks",
                "pgstattuple",
                "plperlu",
                "plpython2u",
                "plpython3u",
                "plpythonu",
                "pltclu",
                "postgres_fdw");
        /** Where a pre-created runner role's password comes from (never the command line, which others can read). */
        public static final String RUNNER_PASSWORD_ENV = "MIGLINT_RUNNER_PASSWORD";

        public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(5);
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);
        public static final Sandbox DEFAULT =
                new Sandbox(DEFAULT_EXTENSIONS, null, null, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_TIMEOUT, null);

        public Sandbox {
            allowedExtensions = allowedExtensions.stream()
                    .map(e -> e.strip().toLowerCase(Locale.ROOT))
                    .toList();
            statementTimeout = statementTimeout == null ? DEFAULT_STATEMENT_TIMEOUT : statementTimeout;
            timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
            if (statementTimeout.isNegative()
                    || statementTimeout.isZero()
                    || timeout.isNegative()
                    || timeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive (e.g. 30s, 5m, 1h)");
            }
        }

        /** Whether the admin may install {@code extension} for a migration. */
        public boolean mayInstall(String extension) {
            String name = extension.toLowerCase(Locale.ROOT);
            return allowedExtensions.contains(name) && !NEVER_INSTALLED.contains(name);
        }

        public Sandbox withAllowedExtensions(List<String> names) {
            return new Sandbox(names, runnerRole, runnerPassword, statementTimeout, timeout, image);
        }

        public Sandbox withRunnerRole(String role, String password) {
            return new Sandbox(allowedExtensions, role, password, statementTimeout, timeout, image);
        }

        public Sandbox withTimeouts(Duration statement, Duration whole) {
            return new Sandbox(allowedExtensions, runnerRole, runnerPassword, statement, whole, image);
        }

        /** The container image of the docker engine ({@code --image}); null for {@code postgres:<version>}. */
        public Sandbox withImage(String name) {
            return new Sandbox(
                    allowedExtensions,
                    runnerRole,
                    runnerPassword,
                    statementTimeout,
                    timeout,
                    name == null || name.isBlank() ? null : name.strip());
        }

        /** Parses {@code 90s}, {@code 5m}, {@code 1h}, {@code 250ms} or a number of seconds. */
        public static Duration parseDuration(String text, String option) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            try {
                if (t.endsWith("ms")) {
                    return Duration.ofMillis(
                            Long.parseLong(t.substring(0, t.length() - 2).strip()));
                }
                char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
                String n = Character.isDigit(unit)
                        ? t
                        : t.substring(0, t.length() - 1).strip();
                long v = Long.parseLong(n);
                return switch (unit) {
                    case 'h' -> Duration.ofHours(v);
                    case 'm' -> Duration.ofMinutes(v);
                    case 's' -> Duration.ofSeconds(v);
                    default -> {
                        if (!Character.isDigit(unit)) {
                            throw new NumberFormatException(t);
                        }
                        yield Duration.ofSeconds(v);
                    }
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        option + " '" + text + "': expected a duration such as 30s, 5m " + "or 1h");
            }
        }
    }

    /** Slice {@code index} (1-based) of {@code count}. */
    public record Shard(int index, int count) {
        public static final Shard ALL = new Shard(1, 1);

        public Shard {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException(
                        "--shard " + index + "/" + count + ": expected i/n with 1 <= i <= n");
            }
        }

        /** Parses {@code i/n}. */
        public static Shard parse(String text) {
            String[] parts = text.trim().split("/");
            try {
                if (parts.length == 2) {
                    return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("--shard '" + text + "': expected i/n, e.g. 2/4");
        }

        /** First index (inclusive) of this slice among {@code size} migrations. */
        public int from(int size) {
            return (int) ((long) size * (index - 1) / count);
        }

        /** Last index (exclusive) of this slice among {@code size} migrations. */
        public int to(int size) {
            return (int) ((long) size * index / count);
        }
    }

    /** Progress of a run: migration {@code position} of {@code total} in {@code folder} starts. */
    @FunctionalInterface
    public interface Progress {
        void migration(String folder, int position, int total, String name);

        Progress NONE = (folder, position, total, name) -> {};
    }

    public VerifyOptions(
            EngineKind engine, String databaseUrl, Integer pgVersion, boolean traceLocks, List<String> ignoredTables) {
        this(
                engine,
                databaseUrl,
                pgVersion,
                traceLocks,
                ignoredTables,
                Shard.ALL,
                Progress.NONE,
                Sandbox.DEFAULT,
                null,
                null);
    }

    /** Whether the down of a migration of {@code version} is verified (see {@code downsSince}). */
    public boolean verifiesDownOf(io.miglint.layout.Version version) {
        if (downsSince == null || version == null) {
            return true;
        }
        // By number only: 002 and 2 are one version (Version's own order breaks such ties by text).
        int n = Math.max(version.parts().size(), downsSince.parts().size());
        for (int i = 0; i < n; i++) {
            java.math.BigInteger a =
                    i < version.parts().size() ? version.parts().get(i) : java.math.BigInteger.ZERO;
            java.math.BigInteger b =
                    i < downsSince.parts().size() ? downsSince.parts().get(i) : java.math.BigInteger.ZERO;
            if (a.compareTo(b) != 0) {
                return a.compareTo(b) > 0;
            }
        }
        return true;
    }

    public VerifyOptions withDownsSince(io.miglint.layout.Version v) {
        return new VerifyOptions(
                engine, databaseUrl, pgVersion, traceLocks, ignoredTables, shard, progress, sandbox, session, v);
    }

    /** The tracking tables of golang-migrate/dbmate/rollback-suffix, sqlx, diesel and Flyway. */
    public static final List<String> TRACKING_TABLES =
            List.of("schema_migrations", "_sqlx_migrations", "__diesel_schema_migrations", "flyway_schema_history");

    public VerifyOptions {
        ignoredTables = List.copyOf(ignoredTables);
        shard = shard == null ? Shard.ALL : shard;
        progress = progress == null ? Progress.NONE : progress;
        sandbox = sandbox == null ? Sandbox.DEFAULT : sandbox;
    }

    public static VerifyOptions defaults() {
        return new VerifyOptions(EngineKind.EMBEDDED, null, null, false, TRACKING_TABLES);
    }

    /** The engine implied by the given settings: url when a database URL is given, embedded otherwise. */
    public static VerifyOptions forUrl(String databaseUrl) {
        return new VerifyOptions(EngineKind.URL, databaseUrl, null, false, TRACKING_TABLES);
    }

    public VerifyOptions withEngine(EngineKind e) {
        return new VerifyOptions(
                e, databaseUrl, pgVersion, traceLocks, ignoredTables, shard, progress, sandbox, session, downsSince);
    }

    public VerifyOptions withPgVersion(Integer v) {
        return new VerifyOptions(
                engine, databaseUrl, v, traceLocks, ignoredTables, shard, progress, sandbox, session, downsSince);
    }

    public VerifyOptions withTraceLocks(boolean on) {
        return new VerifyOptions(
                engine, databaseUrl, pgVersion, on, ignoredTables, shard, progress, sandbox, session, downsSince);
    }

    public VerifyOptions withShard(Shard s) {
        return new VerifyOptions(
                engine, databaseUrl, pgVersion, traceLocks, ignoredTables, s, progress, sandbox, session, downsSince);
    }

    public VerifyOptions withProgress(Progress p) {
        return new VerifyOptions(
                engine, databaseUrl, pgVersion, traceLocks, ignoredTables, shard, p, sandbox, session, downsSince);
    }

    public VerifyOptions withIgnoredTables(List<String> tables) {
        return new VerifyOptions(
                engine, databaseUrl, pgVersion, traceLocks, tables, shard, progress, sandbox, session, downsSince);
    }

    public VerifyOptions withSession(Session s) {
        return new VerifyOptions(
                engine, databaseUrl, pgVersion, traceLocks, ignoredTables, shard, progress, sandbox, s, downsSince);
    }

    public VerifyOptions withSandbox(Sandbox s) {
        return new VerifyOptions(
                engine, databaseUrl, pgVersion, traceLocks, ignoredTables, shard, progress, s, session, downsSince);
    }
}
