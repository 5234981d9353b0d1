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
    public java.util.Set<String> installExtensions(ScratchDatabase database, java.util.Collection<String> names) {
        return server.installExtensions(database, names);
    }

    @Override
    public boolean terminate(ScratchDatabase database, int pid) {
        return server.terminate(database, pid);
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
    public void close() {
        server.close();
    }
}
