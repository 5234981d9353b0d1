package io.miglint.gate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Read-only questions about the target the tracking code needs. */
final class Catalog {
    private Catalog() {}

    static boolean tableExists(Connection c, TableName table) throws SQLException {
        return scalar(c, "select to_regclass(" + table.regclassLiteral() + ") is not null")
                .equals("t");
    }

    static String currentSchema(Connection c) throws SQLException {
        return scalar(c, "select current_schema()");
    }

    static String currentDatabase(Connection c) throws SQLException {
        return scalar(c, "select current_database()");
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
