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
 * @param superuser how to connect with the server's admin role (for the CREATE EXTENSION fallback)
 * @param changeCapture whether {@link ChangeCapture} is installed, so that the runner's snapshots can read what
 *                      changed instead of looking for it
 */
public record ScratchDatabase(String name, DatabaseUrl runner, DatabaseUrl superuser, boolean changeCapture) {

    /** A connection in the simple query protocol, so a multi-statement script reaches PostgreSQL as one string. */
    public Connection connect(boolean asSuperuser) throws SQLException {
        DatabaseUrl url = asSuperuser ? superuser : runner;
        Properties p = url.properties();
        // Simple mode keeps the script one Query message (no client-side split at ';'), as lib/pq and sqlx send it:
        // https://jdbc.postgresql.org/documentation/use/#connection-parameters (preferQueryMode)
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("ApplicationName", "miglint-verify");
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }
}
