package io.miglint.verify;

import java.sql.SQLException;

/**
 * What every engine does the same way once it has a server: scratch databases are created, dropped and cleaned up by
 * one {@link ScratchServer}; the engines differ only in how that server is obtained and described.
 */
abstract sealed class ScratchServerDatabase implements ThrowawayDatabase
        permits EmbeddedDatabase, DockerDatabase, UrlDatabase {
    final ScratchServer server;

    ScratchServerDatabase(ScratchServer server) {
        this.server = server;
    }

    @Override
    public ScratchDatabase createScratch() throws SQLException {
        return server.create(true);
    }

    @Override
    public ScratchDatabase createScratchWithoutCapture() throws SQLException {
        return server.create(false);
    }

    @Override
    public boolean runnerIsRestricted() {
        return server.runnerIsRestricted();
    }

    @Override
    public void drop(ScratchDatabase database) throws SQLException {
        server.drop(database);
    }

    @Override
    public int serverVersionNum() {
        return server.serverVersionNum();
    }

    @Override
    public boolean superuserAvailable() {
        return server.adminIsSuperuser();
    }

    @Override
    public void close() {
        server.close();
    }
}
