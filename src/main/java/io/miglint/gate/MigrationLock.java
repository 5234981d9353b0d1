package io.miglint.gate;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The deployers' session-level advisory lock, taken without ever waiting inside the server.
 *
 * <p>{@code pg_advisory_lock()} waits as a running statement, and a running statement holds a snapshot. CREATE INDEX
 * CONCURRENTLY (and REINDEX / DETACH PARTITION CONCURRENTLY) wait for every snapshot older than their own to go away
 * (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY): the build of the
 * deployer holding the lock would wait for the deployer waiting for that lock, PostgreSQL reports a deadlock, the
 * index is left INVALID and the migration dirty (golang-migrate and Flyway wait this way). Instead the waiter asks
 * {@code pg_try_advisory_lock()} in short autocommit statements with a pause between, so between two tries it holds
 * no snapshot and no transaction, and a build on the holder's session never waits for it for longer than one try.
 */
final class MigrationLock {
    private static final long FIRST_PAUSE_MS = 100;
    private static final long MAX_PAUSE_MS = 1000;

    private MigrationLock() {}

    /** Who holds the lock when it is taken, for the waiting line; null fields when the server does not say. */
    record Holder(int pid, String application, String user, String since) {
        String describe() {
            StringBuilder sb = new StringBuilder("PID " + pid);
            String details = (application == null || application.isEmpty() ? "" : application)
                    + (user == null ? "" : (application == null || application.isEmpty() ? "" : ", ") + "user " + user)
                    + (since == null ? "" : ", connected since " + since);
            if (!details.isEmpty()) {
                sb.append(" (").append(details).append(')');
            }
            return sb.toString();
        }
    }

    /** Thrown when the lock is still held after the allowed wait; nothing has been done. */
    static final class WaitExceeded extends Exception {
        private final String holder;

        WaitExceeded(String holder, String message) {
            super(message);
            this.holder = holder;
        }

        /** "PID n (application, user …)", or "another session" when the server did not say. */
        String holder() {
            return holder;
        }
    }

    /**
     * Takes the lock on {@code c} (which must be in autocommit), printing one line whenever the holder changes.
     *
     * @param maxWait how long to keep trying; zero or null: try once
     */
    static void acquire(Connection c, long key, Duration maxWait, PrintWriter log) throws SQLException, WaitExceeded {
        if (!c.getAutoCommit()) {
            throw new IllegalStateException("the migration lock is taken in autocommit only");
        }
        long deadline = System.nanoTime() + (maxWait == null ? 0 : maxWait.toNanos());
        long pause = FIRST_PAUSE_MS;
        Holder announced = null;
        while (true) {
            if (tryLock(c, key)) {
                if (announced != null) {
                    log.println("miglint: got the migration lock");
                    log.flush();
                }
                return;
            }
            Holder holder = holder(c, key);
            boolean waits = maxWait != null && maxWait.toMillis() > 0;
            if (waits && holder != null && (announced == null || announced.pid() != holder.pid())) {
                log.println("miglint: waiting for the migration lock held by " + holder.describe() + "; giving up "
                        + "after " + format(maxWait) + " (--lock-wait)");
                log.flush();
                announced = holder;
            }
            if (System.nanoTime() >= deadline) {
                String who = holder != null
                        ? holder.describe()
                        : announced != null ? announced.describe() : "another session";
                throw new WaitExceeded(
                        who,
                        "the migration lock is still held by " + who + " after " + format(maxWait)
                                + " (--lock-wait); nothing was applied");
            }
            try {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                Thread.sleep(Math.min(left, pause + (long) (Math.random() * pause / 2)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WaitExceeded(
                        "another session",
                        "interrupted while waiting for the migration lock; " + "nothing was applied");
            }
            pause = Math.min(MAX_PAUSE_MS, pause * 2);
        }
    }

    static void release(Connection c, long key) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("select pg_advisory_unlock(" + key + ")");
        }
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_try_advisory_lock(" + key + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * The other session holding a bigint advisory key in this database: pg_locks splits the key into classid (high 32 bits)
     * and objid (low 32 bits) with objsubid 1 (https://www.postgresql.org/docs/current/view-pg-locks.html).
     */
    static Holder holder(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select l.pid, a.application_name, a.usename, "
                + "to_char(a.backend_start at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS \"UTC\"') "
                + "from pg_locks l left join pg_stat_activity a on a.pid = l.pid "
                + "where l.locktype = 'advisory' and l.granted and l.objsubid = 1 and l.pid <> pg_backend_pid() "
                + "and l.database = (select oid from pg_database where datname = current_database()) "
                + "and l.classid::text::bigint = ? and l.objid::text::bigint = ? limit 1")) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new Holder(
                                rs.getInt(1), printable(rs.getString(2)), printable(rs.getString(3)), rs.getString(4))
                        : null;
            }
        }
    }

    /** Another session's application or user name, as one line of plain characters (any client may set it). */
    static String printable(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
        return t.length() > 64 ? t.substring(0, 64) + "…" : t;
    }

    static String format(Duration d) {
        long ms = d == null ? 0 : d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
