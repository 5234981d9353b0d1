package io.miglint.verify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One freshly created, empty database that a migration set runs in.
 *
 * @param name      its name ({@code miglint_verify_<random>})
 * @param runner    how the untrusted SQL connects: a non-superuser role that owns the database
 * @param admin     how to connect with the server's admin role: for miglint's own set-up and tests, never for the
 *                  SQL under test
 * @param changeCapture whether {@link ChangeCapture} is installed, so that the runner's snapshots can read what
 *                      changed instead of looking for it
 * @param statementTimeoutMillis statement_timeout of the runner's sessions
 */
public record ScratchDatabase(
        String name, DatabaseUrl runner, DatabaseUrl admin, boolean changeCapture, long statementTimeoutMillis) {

    /** A connection of the runner role in the simple query protocol (a script reaches PostgreSQL as one string). */
    public Connection connect() throws SQLException {
        return connect(false);
    }

    /**
     * A connection in the simple query protocol, so a multi-statement script reaches PostgreSQL as one string.
     *
     * @param asAdmin the admin role, for miglint's own checks only; the SQL under test always runs as the runner
     */
    public Connection connect(boolean asAdmin) throws SQLException {
        DatabaseUrl url = asAdmin ? admin : runner;
        Properties p = url.properties();
        if (!asAdmin) {
            // A first limit the SQL may lift with SET; the verifier's overall --timeout ends the session regardless.
            p.setProperty("options", "-c statement_timeout=" + statementTimeoutMillis);
        }
        // Simple mode keeps the script one Query message (no client-side split at ';'), as lib/pq and sqlx send it:
        // https://jdbc.postgresql.org/documentation/use/#connection-parameters (preferQueryMode)
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("ApplicationName", "miglint-verify");
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }
}
