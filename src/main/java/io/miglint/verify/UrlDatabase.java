package io.miglint.verify;

import java.sql.SQLException;

/**
 * An existing server ({@code --database-url}). The database named in the URL is only used to connect; migrations run
 * in {@code miglint_verify_<random>} databases created next to it and dropped at the end.
 */
public final class UrlDatabase implements ThrowawayDatabase {
    private final DatabaseUrl url;
    private final ScratchServer server;

    private UrlDatabase(DatabaseUrl url, ScratchServer server) {
        this.url = url;
        this.server = server;
    }

    static UrlDatabase connect(DatabaseUrl url) throws DatabaseUnavailableException {
        return new UrlDatabase(url, ScratchServer.open(url, false, null));
    }

    @Override
    public ScratchDatabase createScratch() throws SQLException {
        return server.create();
    }

    @Override
    public void drop(ScratchDatabase database) throws SQLException {
        server.drop(database);
    }

    @Override
    public String description() {
        return url.toString();
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
