package io.miglint.gate;

import io.miglint.verify.ScriptRunner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Explicit transactions on an autocommit connection, as the tools' own bookkeeping runs them. */
final class Transactions {
    private Transactions() {}

    /** Runs {@code work} between BEGIN and COMMIT; on failure rolls back and rethrows. */
    static void inTransaction(Connection c, ScriptRunner.InTransaction work) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("begin");
            try {
                work.run(c);
                st.execute("commit");
            } catch (SQLException e) {
                try (Statement rb = c.createStatement()) {
                    rb.execute("rollback");
                } catch (SQLException ignored) {
                    // the connection is gone; the server rolled back
                }
                throw e;
            }
        }
    }
}
