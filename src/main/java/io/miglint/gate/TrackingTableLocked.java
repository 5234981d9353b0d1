package io.miglint.gate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A read of the tracking table (or of miglint's journal next to it) gave up at the session's lock_timeout or
 * statement_timeout because another session holds a conflicting lock on it: the message names that session, so a
 * deployer sees who to wait for instead of a bare timeout. The database is reachable but not usable: exit 4.
 */
public final class TrackingTableLocked extends SQLException {
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String QUERY_CANCELED = "57014";

    private TrackingTableLocked(String message, SQLException cause) {
        // the server's "canceling statement due to lock timeout" says less than the message: not chained
        super(message, cause.getSQLState());
    }

    /**
     * What to throw for {@code e}, raised while reading {@code table} on {@code c}: a TrackingTableLocked naming the
     * lock holder when the read timed out behind another session's lock, else {@code e} itself.
     */
    static SQLException explain(Connection c, TableName table, SQLException e) {
        if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState()) && !QUERY_CANCELED.equals(e.getSQLState())) {
            return e;
        }
        String holder;
        try {
            holder = holder(c, table);
        } catch (SQLException ignored) {
            return e;
        }
        if (holder == null) {
            return e;
        }
        String waited = LOCK_NOT_AVAILABLE.equals(e.getSQLState())
                ? "lock_timeout " + TargetDatabase.READ_LOCK_TIMEOUT
                : "statement_timeout";
        return new TrackingTableLocked(
                "the tracking table " + table + " is locked by another session (" + holder
                        + "); gave up after the " + waited
                        + ". Let that session finish (see pg_stat_activity), then run "
                        + "again",
                e);
    }

    private static String holder(Connection c, TableName table) throws SQLException {
        String sql = "select l.pid, l.mode, a.application_name, a.usename, "
                + "extract(epoch from now() - a.xact_start)::bigint "
                + "from pg_locks l left join pg_stat_activity a on a.pid = l.pid "
                + "where l.locktype = 'relation' and l.granted and l.pid <> pg_backend_pid() "
                + "and l.relation in (to_regclass(" + table.regclassLiteral() + "), to_regclass("
                + table.sibling(InflightJournal.TABLE).regclassLiteral() + ")) "
                + "order by l.mode = 'AccessExclusiveLock' desc, l.pid limit 1";
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            StringBuilder sb =
                    new StringBuilder("PID ").append(rs.getInt(1)).append(", ").append(rs.getString(2));
            String app = rs.getString(3);
            if (app != null && !app.isEmpty()) {
                sb.append(", ").append(MigrationLock.printable(app));
            }
            if (rs.getString(4) != null) {
                sb.append(", user ").append(MigrationLock.printable(rs.getString(4)));
            }
            long open = rs.getLong(5);
            if (!rs.wasNull()) {
                sb.append(", its transaction open for ").append(open).append(" s");
            }
            return sb.toString();
        }
    }
}
