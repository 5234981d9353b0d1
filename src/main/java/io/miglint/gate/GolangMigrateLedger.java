package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.Version;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * golang-migrate's one-row table (database/postgres/postgres.go). Every migration goes SetVersion(v, dirty=true) →
 * run → SetVersion(v, dirty=false); SetVersion truncates and inserts in one transaction. A down to the first
 * migration ends at NilVersion (-1): no row at all.
 */
public record GolangMigrateLedger(TableName table) implements Ledger {
    static final long NIL = -1;

    @Override
    public LayoutKind layout() {
        return LayoutKind.GOLANG_MIGRATE;
    }

    @Override
    public String key(Migration m) {
        return new BigInteger(m.version().text()).toString();
    }

    @Override
    public List<String> createStatements() {
        return List.of("create table if not exists " + table.sql()
                + " (version bigint not null primary key, dirty boolean not null)");
    }

    @Override
    public List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException {
        List<LedgerRow> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select version, dirty from " + table.sql() + " limit 1")) {
            if (!rs.next()) {
                return rows;
            }
            long version = rs.getLong(1);
            boolean dirty = rs.getBoolean(2);
            Version current = Version.parse(Long.toString(version));
            boolean found = false;
            for (LocalMigration m : local) {
                if (version >= 0 && m.version().compareTo(current) <= 0
                        && Version.parse(m.key()).compareTo(current) <= 0) {
                    boolean isCurrent = m.key().equals(Long.toString(version));
                    found |= isCurrent;
                    rows.add(new LedgerRow(m.key(), m.migration().name(), null, dirty && isCurrent,
                            "dirty = true at version " + version));
                }
            }
            if (!found) {
                rows.add(new LedgerRow(Long.toString(version), "current version", null, dirty,
                        "dirty = true at version " + version));
            }
        }
        return rows;
    }

    @Override
    public boolean marksEveryMigration() {
        return true;
    }

    /** SetVersion's body: the caller provides the transaction. */
    void setVersion(Connection c, long version, boolean dirty) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("truncate " + table.sql());
        }
        if (version >= 0 || dirty) {
            try (PreparedStatement ps = c.prepareStatement("insert into " + table.sql()
                    + " (version, dirty) values (?, ?)")) {
                ps.setLong(1, version);
                ps.setBoolean(2, dirty);
                ps.executeUpdate();
            }
        }
    }

    /** SetVersion as golang-migrate calls it on its own: truncate and insert in one transaction. */
    private void setVersionAtomically(Connection c, long version, boolean dirty) throws SQLException {
        Transactions.inTransaction(c, tx -> setVersion(tx, version, dirty));
    }

    private static long versionOf(LocalMigration m) {
        return m == null ? NIL : Long.parseLong(m.key());
    }

    @Override
    public void markUp(Connection c, LocalMigration m) throws SQLException {
        setVersionAtomically(c, versionOf(m), true);
    }

    @Override
    public void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        setVersion(c, versionOf(m), false);
    }

    @Override
    public void finishUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        setVersion(c, versionOf(m), false);
    }

    @Override
    public void markDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        setVersionAtomically(c, versionOf(previous), true);
    }

    @Override
    public void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        setVersion(c, versionOf(previous), false);
    }

    @Override
    public void finishDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        setVersion(c, versionOf(previous), false);
    }

    /** {@code migrate force V}: SetVersion(V, false), whatever the state; V = -1 empties the table. */
    @Override
    public String force(Connection c, String version) throws SQLException {
        long v;
        try {
            v = Long.parseLong(version.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("golang-migrate versions are integers (or -1 for none): " + version);
        }
        setVersionAtomically(c, v, false);
        return v < 0 ? "version cleared (no migration applied), dirty = false" : "version " + v + ", dirty = false";
    }

    @Override
    public long lockKey(String database, String schema) {
        return AdvisoryLockKey.golangMigrate(database, schema, table.name());
    }

    @Override
    public String lockKeyOrigin() {
        return "golang-migrate's GenerateAdvisoryLockId(database, schema, table)";
    }
}
