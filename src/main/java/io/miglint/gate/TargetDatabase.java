package io.miglint.gate;

import io.miglint.verify.DatabaseUnavailableException;
import io.miglint.verify.DatabaseUrl;
import io.miglint.verify.Redaction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The database a release goes to ({@code --database-url}). */
public record TargetDatabase(DatabaseUrl url) {
    /**
     * How long miglint's own reads and bookkeeping on the target wait for a lock another session holds (the tracking
     * table locked by a running deployer or by hand) before they give up and say who holds it.
     */
    static final String READ_LOCK_TIMEOUT = "3s";
    /** The longest any of miglint's own statements on the target may run (catalog reads on a large schema). */
    static final String READ_STATEMENT_TIMEOUT = "2min";

    public static TargetDatabase parse(String url) {
        return new TargetDatabase(DatabaseUrl.parse(url));
    }

    /**
     * A connection in the simple query protocol (a multi-statement file reaches PostgreSQL as one string, as lib/pq
     * and sqlx send it). Read-only connections refuse every write at the server
     * (https://www.postgresql.org/docs/current/sql-set-transaction.html): the gate must never change the target.
     */
    public Connection connect(boolean readOnly) throws DatabaseUnavailableException {
        return connect(readOnly, readOnly ? "miglint-gate" : "miglint-apply");
    }

    /** The same, named {@code applicationName} in pg_stat_activity, so that a DBA sees which command it is. */
    public Connection connect(boolean readOnly, String applicationName) throws DatabaseUnavailableException {
        Properties p = url.properties();
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        if (readOnly) {
            // a server or network that stops answering ends the read rather than hanging it (the statement_timeout
            // above ends it at the server first); apply's migrations may run for hours, so its session has none
            p.setProperty("socketTimeout", "150");
        }
        Connection c;
        try {
            c = DriverManager.getConnection(url.jdbcUrl(), p);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        try (Statement st = c.createStatement()) {
            // apply replaces both before each migration with --lock-timeout / --statement-timeout
            st.execute("set lock_timeout = '" + READ_LOCK_TIMEOUT + "'");
            st.execute("set statement_timeout = '" + READ_STATEMENT_TIMEOUT + "'");
            if (readOnly) {
                c.setReadOnly(true);
                st.execute("set session characteristics as transaction read only");
            }
            return c;
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
            throw unavailable(e);
        }
    }

    public DatabaseUnavailableException unavailable(SQLException e) {
        return new DatabaseUnavailableException("cannot use the database " + url + ": " + Redaction.describe(e));
    }

    /** SQLSTATE class 08, or an I/O failure without a server message: the connection, not the SQL, failed. */
    public static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    @Override
    public String toString() {
        return url.toString();
    }
}
