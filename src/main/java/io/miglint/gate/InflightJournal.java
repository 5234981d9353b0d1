package io.miglint.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * dbmate, diesel and the psql-style runners have no "dirty" flag: a non-transactional migration interrupted halfway
 * leaves no trace in their tracking table. miglint writes one row here before such a migration and deletes it in the
 * same transaction that records the migration, so a crash leaves the truth behind ({@code status} shows it as failed;
 * {@code force} clears it). The table is created only when such a migration runs.
 */
final class InflightJournal {
    static final String TABLE = "miglint_inflight";

    private final TableName journal;
    private final TableName tracking;

    InflightJournal(TableName tracking) {
        this.tracking = tracking;
        this.journal = tracking.sibling(TABLE);
    }

    void mark(Connection c, String key, String direction) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("create table if not exists " + journal.sql() + " (tracking_table text not null, "
                    + "version text not null, direction text not null, started_at timestamptz not null default now(), "
                    + "primary key (tracking_table, version))");
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + journal.sql()
                + " (tracking_table, version, direction) values (?, ?, ?) on conflict do nothing")) {
            ps.setString(1, tracking.name());
            ps.setString(2, key);
            ps.setString(3, direction);
            ps.executeUpdate();
        }
    }

    boolean clear(Connection c, String key) throws SQLException {
        if (!Catalog.tableExists(c, journal)) {
            return false;
        }
        try (PreparedStatement ps =
                c.prepareStatement("delete from " + journal.sql() + " where tracking_table = ? and version = ?")) {
            ps.setString(1, tracking.name());
            ps.setString(2, key);
            return ps.executeUpdate() > 0;
        }
    }

    /** Interrupted migrations: key → "up" or "down". */
    Map<String, String> read(Connection c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Catalog.tableExists(c, journal)) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select version, direction from " + journal.sql() + " where tracking_table = ? order by started_at")) {
            ps.setString(1, tracking.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
