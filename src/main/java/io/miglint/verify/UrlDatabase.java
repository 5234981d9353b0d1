package io.miglint.verify;

/**
 * An existing server ({@code --database-url}). The database named in the URL is only used to connect; migrations run
 * in {@code miglint_verify_<random>} databases created next to it and dropped at the end.
 */
public final class UrlDatabase extends ScratchServerDatabase {
    private final DatabaseUrl url;

    private UrlDatabase(DatabaseUrl url, ScratchServer server) {
        super(server);
        this.url = url;
    }

    static UrlDatabase connect(DatabaseUrl url, VerifyOptions.Sandbox sandbox) throws DatabaseUnavailableException {
        return new UrlDatabase(url, ScratchServer.open(url, false, false, sandbox, null));
    }

    /** The major version of the server ({@code server_version_num} / 10000). */
    int serverMajor() {
        return server.serverVersionNum() / 10000;
    }

    @Override
    public String description() {
        return url.toString();
    }
}
