package io.miglint.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The single-column reads, inserts and deletes the row-per-migration tools use. */
final class RowTable {
    private RowTable() {}

    /** The stored keys in order, for tools whose table holds nothing else worth reporting (dbmate, diesel). */
    static List<LedgerRow> readKeys(Connection c, TableName table, String column) throws SQLException {
        List<LedgerRow> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select " + column + " from " + table.sql() + " order by " + column)) {
            while (rs.next()) {
                rows.add(new LedgerRow(rs.getString(1), "", null, false, ""));
            }
        }
        return rows;
    }

    static void insertKey(Connection c, TableName table, String column, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + table.sql() + " (" + column + ") values (?)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    static int deleteKey(Connection c, TableName table, String column, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + table.sql() + " where " + column + " = ?")) {
            ps.setString(1, key);
            return ps.executeUpdate();
        }
    }

    static String forceJournal(Connection c, TableName table, String key) throws SQLException {
        return new InflightJournal(table).clear(c, key)
                ? "interrupted run of " + key + " cleared from " + InflightJournal.TABLE
                : null;
    }
}
