package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * sqlx-postgres migrate.rs. apply: the script and {@code INSERT … (version, description, success, checksum,
 * execution_time) VALUES ($1, $2, TRUE, $3, -1)} in one transaction, then {@code UPDATE … SET execution_time}
 * (nanoseconds) after the commit. revert: the down and {@code DELETE … WHERE version = $1} together. sqlx refuses to
 * run while a row has success = false ("dirty"). For a {@code -- no-transaction} file sqlx itself inserts only after
 * the script; miglint inserts success = false first and flips it after, so a crash leaves the dirty row sqlx
 * understands instead of an applied but unrecorded migration.
 */
public record SqlxLedger(TableName table) implements Ledger {
    @Override
    public Ledger withTable(TableName other) {
        return new SqlxLedger(other);
    }

    @Override
    public LayoutKind layout() {
        return LayoutKind.SQLX;
    }

    @Override
    public String key(Migration m) {
        return Long.toString(Long.parseLong(m.version().text()));
    }

    /** sqlx's description: the name part of the file name with underscores as spaces. */
    static String description(Migration m) {
        return m.name().replace('_', ' ');
    }

    @Override
    public String checksum(Migration m, byte[] upFile) {
        return HexFormat.of().formatHex(Checksums.sha384(upFile));
    }

    @Override
    public List<String> createStatements() {
        return List.of("create table if not exists " + table.sql() + " (version bigint primary key, "
                + "description text not null, installed_on timestamptz not null default now(), "
                + "success boolean not null, checksum bytea not null, execution_time bigint not null)");
    }

    @Override
    public List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException {
        List<LedgerRow> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select version, description, encode(checksum, 'hex'), success from "
                        + table.sql() + " order by version")) {
            while (rs.next()) {
                rows.add(new LedgerRow(
                        Long.toString(rs.getLong(1)),
                        rs.getString(2),
                        rs.getString(3),
                        !rs.getBoolean(4),
                        "success = false"));
            }
        }
        return rows;
    }

    private void insert(Connection c, LocalMigration m, boolean success) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into " + table.sql()
                        + " (version, description, success, checksum, execution_time) values (?, ?, ?, decode(?, 'hex'), -1)")) {
            ps.setLong(1, Long.parseLong(m.key()));
            ps.setString(2, description(m.migration()));
            ps.setBoolean(3, success);
            ps.setString(4, m.checksum());
            ps.executeUpdate();
        }
    }

    private void setSuccess(Connection c, LocalMigration m, boolean success) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("update " + table.sql() + " set success = ? where version = ?")) {
            ps.setBoolean(1, success);
            ps.setLong(2, Long.parseLong(m.key()));
            ps.executeUpdate();
        }
    }

    @Override
    public void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        insert(c, m, true);
    }

    @Override
    public void recordTiming(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("update " + table.sql() + " set execution_time = ? where version = ?")) {
            ps.setLong(1, elapsedNanos);
            ps.setLong(2, Long.parseLong(m.key()));
            ps.executeUpdate();
        }
    }

    @Override
    public void markUp(Connection c, LocalMigration m) throws SQLException {
        insert(c, m, false);
    }

    @Override
    public void finishUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        setSuccess(c, m, true);
    }

    @Override
    public void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        RowTable.deleteKey(c, table, "version::text", m.key());
    }

    @Override
    public void markDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        setSuccess(c, m, false);
    }

    @Override
    public void finishDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        recordDown(c, m, previous);
    }

    /** What sqlx's users do with a dirty version: delete its success = false row, so the migration runs again. */
    @Override
    public String force(Connection c, String version) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("delete from " + table.sql() + " where version = ? and not success")) {
            ps.setLong(1, Long.parseLong(version.strip()));
            return ps.executeUpdate() > 0 ? "failed row of version " + version.strip() + " deleted" : null;
        }
    }

    /** A failed down leaves the applied row at success = false, and force deletes it: V would then count as pending. */
    @Override
    public String recoveryHint(boolean down, String version, String previous) {
        if (!down) {
            return Ledger.super.recoveryHint(false, version, previous);
        }
        return "restore what its down removed, then mark it applied again: `update " + table.sql()
                + " set success = true where version = " + version + "` (`miglint force " + version + "` deletes "
                + "the row: " + version + " would then count as not applied)";
    }

    @Override
    public long lockKey(String database, String schema) {
        return AdvisoryLockKey.sqlx(database);
    }

    @Override
    public String lockKeyOrigin() {
        return "sqlx's generate_lock_id(current_database())";
    }
}
