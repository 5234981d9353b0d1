package io.miglint.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The single-column inserts and deletes the row-per-migration tools use. */
final class RowTable {
    private RowTable() {
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
        return new InflightJournal(table).clear(c, key) ? "interrupted run of " + key + " cleared from "
                + InflightJournal.TABLE : null;
    }
}
