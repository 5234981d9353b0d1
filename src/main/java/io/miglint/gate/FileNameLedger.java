package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The psql-style runners of the numbered and rollback-suffix layouts, which record the file name:
 * {@code migrations(name text primary key, applied_at timestamptz)} and
 * {@code schema_migrations(migration_name text primary key, checksum text (sha256 hex of the file), applied_at)}.
 * Their scripts carry their own BEGIN/COMMIT, so the record can never share the script's transaction.
 */
public record FileNameLedger(LayoutKind layout, TableName table, boolean withChecksum) implements Ledger {

    @Override
    public Ledger withTable(TableName other) {
        return new FileNameLedger(layout, other, withChecksum);
    }

    private String column() {
        return withChecksum ? "migration_name" : "name";
    }

    @Override
    public String key(Migration m) {
        Path file = m.up() != null ? m.up().file() : m.down().file();
        return file.getFileName().toString();
    }

    @Override
    public String checksum(Migration m, byte[] upFile) {
        return withChecksum ? Checksums.sha256Hex(upFile) : null;
    }

    @Override
    public List<String> createStatements() {
        return List.of(
                withChecksum
                        ? "create table if not exists " + table.sql() + " (migration_name text primary key, "
                                + "checksum text not null, applied_at timestamptz not null default now())"
                        : "create table if not exists " + table.sql() + " (name text primary key, "
                                + "applied_at timestamptz not null default now())");
    }

    @Override
    public List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException {
        List<LedgerRow> rows = new ArrayList<>();
        String sql = "select " + column() + ", " + (withChecksum ? "checksum" : "null") + " from " + table.sql()
                + " order by " + column();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(new LedgerRow(rs.getString(1), rs.getString(1), rs.getString(2), false, ""));
            }
        }
        return rows;
    }

    @Override
    public void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        if (!withChecksum) {
            RowTable.insertKey(c, table, "name", m.key());
            return;
        }
        try (PreparedStatement ps =
                c.prepareStatement("insert into " + table.sql() + " (migration_name, checksum) values (?, ?)")) {
            ps.setString(1, m.key());
            ps.setString(2, m.checksum());
            ps.executeUpdate();
        }
    }

    @Override
    public void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        RowTable.deleteKey(c, table, column(), m.key());
    }

    @Override
    public String force(Connection c, String version) throws SQLException {
        return RowTable.forceJournal(c, table, version);
    }
}
