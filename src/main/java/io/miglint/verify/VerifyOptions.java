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
 */
public record VerifyOptions(EngineKind engine, String databaseUrl, Integer pgVersion, boolean traceLocks,
                            List<String> ignoredTables) {

    /** The tracking tables of golang-migrate/dbmate/rollback-suffix, sqlx, diesel and Flyway. */
    public static final List<String> TRACKING_TABLES = List.of("schema_migrations", "_sqlx_migrations",
            "__diesel_schema_migrations", "flyway_schema_history");

    public VerifyOptions {
        ignoredTables = List.copyOf(ignoredTables);
    }

    public static VerifyOptions defaults() {
        return new VerifyOptions(EngineKind.EMBEDDED, null, null, false, TRACKING_TABLES);
    }

    /** The engine implied by the given settings: url when a database URL is given, embedded otherwise. */
    public static VerifyOptions forUrl(String databaseUrl) {
        return new VerifyOptions(EngineKind.URL, databaseUrl, null, false, TRACKING_TABLES);
    }

    public VerifyOptions withEngine(EngineKind e) {
        return new VerifyOptions(e, databaseUrl, pgVersion, traceLocks, ignoredTables);
    }

    public VerifyOptions withPgVersion(Integer v) {
        return new VerifyOptions(engine, databaseUrl, v, traceLocks, ignoredTables);
    }

    public VerifyOptions withTraceLocks(boolean on) {
        return new VerifyOptions(engine, databaseUrl, pgVersion, on, ignoredTables);
    }

    public VerifyOptions withIgnoredTables(List<String> tables) {
        return new VerifyOptions(engine, databaseUrl, pgVersion, traceLocks, tables);
    }
}
