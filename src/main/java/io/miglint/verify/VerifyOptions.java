package io.miglint.verify;

import java.util.List;

/**
 * Settings of one verification run.
 *
 * @param engine         where the throwaway database comes from
 * @param databaseUrl    for {@link EngineKind#URL}: the server (never itself migrated); null otherwise
 * @param pgVersion      major version for engines that can choose (docker); null for the engine's default
 * @param traceLocks     observe locks and table rewrites of every up statement ({@code --trace-locks})
 * @param ignoredTables  tables left out of snapshots (the tools' own tracking tables), matched by name in any schema
 * @param shard          which contiguous slice of each folder's migrations to verify ({@code --shard i/n}); the
 *                       migrations before the slice are only replayed (up, no checks), those after it are skipped
 * @param progress       told when each migration starts (the CLI prints it on a terminal); never null
 */
public record VerifyOptions(EngineKind engine, String databaseUrl, Integer pgVersion, boolean traceLocks,
                            List<String> ignoredTables, Shard shard, Progress progress) {

    /** Slice {@code index} (1-based) of {@code count}. */
    public record Shard(int index, int count) {
        public static final Shard ALL = new Shard(1, 1);

        public Shard {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("--shard " + index + "/" + count + ": expected i/n with 1 <= i <= n");
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

        Progress NONE = (folder, position, total, name) -> {
        };
    }

    public VerifyOptions(EngineKind engine, String databaseUrl, Integer pgVersion, boolean traceLocks,
                         List<String> ignoredTables) {
        this(engine, databaseUrl, pgVersion, traceLocks, ignoredTables, Shard.ALL, Progress.NONE);
    }

    /** The tracking tables of golang-migrate/dbmate/rollback-suffix, sqlx, diesel and Flyway. */
    public static final List<String> TRACKING_TABLES = List.of("schema_migrations", "_sqlx_migrations",
            "__diesel_schema_migrations", "flyway_schema_history");

    public VerifyOptions {
        ignoredTables = List.copyOf(ignoredTables);
        shard = shard == null ? Shard.ALL : shard;
        progress = progress == null ? Progress.NONE : progress;
    }

    public static VerifyOptions defaults() {
        return new VerifyOptions(EngineKind.EMBEDDED, null, null, false, TRACKING_TABLES);
    }

    /** The engine implied by the given settings: url when a database URL is given, embedded otherwise. */
    public static VerifyOptions forUrl(String databaseUrl) {
        return new VerifyOptions(EngineKind.URL, databaseUrl, null, false, TRACKING_TABLES);
    }

    public VerifyOptions withEngine(EngineKind e) {
        return new VerifyOptions(e, databaseUrl, pgVersion, traceLocks, ignoredTables, shard, progress);
    }

    public VerifyOptions withPgVersion(Integer v) {
        return new VerifyOptions(engine, databaseUrl, v, traceLocks, ignoredTables, shard, progress);
    }

    public VerifyOptions withTraceLocks(boolean on) {
        return new VerifyOptions(engine, databaseUrl, pgVersion, on, ignoredTables, shard, progress);
    }

    public VerifyOptions withShard(Shard s) {
        return new VerifyOptions(engine, databaseUrl, pgVersion, traceLocks, ignoredTables, s, progress);
    }

    public VerifyOptions withProgress(Progress p) {
        return new VerifyOptions(engine, databaseUrl, pgVersion, traceLocks, ignoredTables, shard, p);
    }

    public VerifyOptions withIgnoredTables(List<String> tables) {
        return new VerifyOptions(engine, databaseUrl, pgVersion, traceLocks, tables, shard, progress);
    }
}
