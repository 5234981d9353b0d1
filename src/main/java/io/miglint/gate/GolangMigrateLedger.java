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
 *
 * @param table        the table ({@code x-migrations-table}); without a schema, golang-migrate's is
 *                     {@code current_schema()} ({@link #resolve})
 * @param lockDatabase the database name golang-migrate's lock key is derived from: the URL's path as
 *                     {@code migrate} reads it ({@code "/app"}, slash included: Open passes {@code purl.Path} as
 *                     DatabaseName, and only an empty one is replaced by {@code current_database()}); null when it
 *                     is empty
 */
public record GolangMigrateLedger(TableName table, String lockDatabase) implements Ledger {
    static final long NIL = -1;

    public GolangMigrateLedger {
        lockDatabase = lockDatabase == null || lockDatabase.isEmpty() ? null : lockDatabase;
    }

    @Override
    public Ledger withTable(TableName other) {
        return new GolangMigrateLedger(other, lockDatabase);
    }

    @Override
    public Ledger resolve(Connection c) throws SQLException {
        TableName t = Ledger.inCurrentSchema(c, table);
        return t == table ? this : new GolangMigrateLedger(t, lockDatabase);
    }

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
            String previous = null;
            String next = null;
            for (LocalMigration m : local) {
                long v = Long.parseLong(m.key());
                if (v < version) {
                    previous = m.key();
                } else if (v > version && next == null) {
                    next = m.key();
                }
            }
            String why =
                    "dirty = true at version " + version + "; " + dirtyHint(Long.toString(version), previous, next);
            boolean found = false;
            for (LocalMigration m : local) {
                if (version >= 0
                        && m.version().compareTo(current) <= 0
                        && Version.parse(m.key()).compareTo(current) <= 0) {
                    boolean isCurrent = m.key().equals(Long.toString(version));
                    found |= isCurrent;
                    rows.add(new LedgerRow(m.key(), m.migration().name(), null, dirty && isCurrent, why));
                }
            }
            if (!found) {
                rows.add(new LedgerRow(Long.toString(version), "current version", null, dirty, why));
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
            try (PreparedStatement ps =
                    c.prepareStatement("insert into " + table.sql() + " (version, dirty) values (?, ?)")) {
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

    /**
     * golang-migrate records the dirty version before it runs a migration (the migration's own for an up, the one it
     * goes back to for a down), so {@code force} must name the version the schema is actually at: forcing the failed
     * up's own version would record a migration that did not run.
     */
    @Override
    public String recoveryHint(boolean down, String version, String previous) {
        String before = previous == null ? Long.toString(NIL) : previous;
        String none = previous == null ? " (-1: no migration applied)" : "";
        if (down) {
            return "if its down left nothing behind, the schema is still at " + version + ": `miglint force " + version
                    + "`; if you finished the down by hand, `miglint force " + before + "`" + none;
        }
        return "if it left nothing in the schema (a file without BEGIN/COMMIT runs as one transaction and was rolled "
                + "back whole), the version in effect is " + before + ": `miglint force " + before + "`" + none
                + ", and " + version + " runs again on the next apply; if you finished it by hand, `miglint force "
                + version + "`";
    }

    /** For status, where only the dirty version is known: an up of it or a down to it stopped. */
    String dirtyHint(String version, String previous, String next) {
        String before = previous == null ? Long.toString(NIL) : previous;
        return "the schema is at " + version + " if its up finished (or a down to it did): `miglint force " + version
                + "`; if its up left nothing behind, it is at " + before + ": `miglint force " + before + "`"
                + (previous == null ? " (-1: no migration applied)" : "")
                + (next == null
                        ? ""
                        : "; if a down from " + next + " left nothing behind: `miglint force " + next + "`");
    }

    @Override
    public long lockKey(String database, String schema) {
        return AdvisoryLockKey.golangMigrate(lockDatabase != null ? lockDatabase : database, schema, table.name());
    }

    @Override
    public String lockKeyOrigin() {
        return "golang-migrate's GenerateAdvisoryLockId("
                + (lockDatabase != null ? "\"" + lockDatabase + "\"" : "current_database()") + ", schema, table)";
    }
}
