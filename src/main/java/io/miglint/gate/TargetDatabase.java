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

    public static TargetDatabase parse(String url) {
        return new TargetDatabase(DatabaseUrl.parse(url));
    }

    /**
     * A connection in the simple query protocol (a multi-statement file reaches PostgreSQL as one string, as lib/pq
     * and sqlx send it). Read-only connections refuse every write at the server
     * (https://www.postgresql.org/docs/current/sql-set-transaction.html): the gate must never change the target.
     */
    public Connection connect(boolean readOnly) throws DatabaseUnavailableException {
        Properties p = url.properties();
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("ApplicationName", readOnly ? "miglint-gate" : "miglint-apply");
        p.setProperty("connectTimeout", "10");
        try {
            Connection c = DriverManager.getConnection(url.jdbcUrl(), p);
            if (readOnly) {
                c.setReadOnly(true);
                try (Statement st = c.createStatement()) {
                    st.execute("set session characteristics as transaction read only");
                }
            }
            return c;
        } catch (SQLException e) {
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
