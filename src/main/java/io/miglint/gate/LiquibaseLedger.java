package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.LiquibaseChangeSet;
import io.miglint.layout.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Liquibase 4.33's DATABASECHANGELOG and DATABASECHANGELOGLOCK (StandardChangeLogHistoryService,
 * CreateDatabaseChangeLogTableGenerator and CreateDatabaseChangeLogLockTableGenerator at v4.33.0; PostgreSQL folds the
 * names to lower case). A changeset is identified by id, author and changelog path; its row carries the version 9
 * checksum ({@link LiquibaseChangeSet#checksum()}), written in the changeset's transaction as Liquibase does.
 *
 * @param lockTable DATABASECHANGELOGLOCK, in the same schema as the changelog table
 */
public record LiquibaseLedger(TableName table) implements Ledger {

    /** What Liquibase writes in the LIQUIBASE column: the version whose rules miglint follows. */
    static final String VERSION = "4.33.0";

    @Override
    public Ledger withTable(TableName other) {
        return new LiquibaseLedger(other);
    }

    @Override
    public LayoutKind layout() {
        return LayoutKind.LIQUIBASE;
    }

    TableName lockTable() {
        return new TableName(table.schema(), table.name() + "lock");
    }

    /** {@code id::author::filename}, the triple Liquibase matches a changeset by (RanChangeSet.isSameAs). */
    @Override
    public String key(Migration m) {
        LiquibaseChangeSet cs = m.changeSet();
        return cs == null ? m.version().text() : key(cs.id(), cs.author(), cs.path());
    }

    static String key(String id, String author, String path) {
        return path + "::" + id + "::" + author;
    }

    @Override
    public String checksum(Migration m, byte[] upFile) {
        return m.changeSet() == null ? null : m.changeSet().checksum();
    }

    /**
     * Liquibase's own lock (StandardLockService.acquireLock): row 1 of DATABASECHANGELOGLOCK set locked, with when
     * and by whom, only where it is free; a Liquibase update that starts meanwhile waits for it, as miglint's apply
     * does not run while Liquibase holds it.
     */
    @Override
    public String claimToolLock(Connection c) throws SQLException {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown host";
        }
        try (var ps = c.prepareStatement("update " + lockTable().sql()
                + " set locked = true, lockgranted = localtimestamp, lockedby = ? where id = 1 and locked = false")) {
            ps.setString(1, "miglint apply (" + host + ")");
            if (ps.executeUpdate() == 1) {
                return null;
            }
        }
        try (var st = c.createStatement();
                var rs = st.executeQuery(
                        "select lockedby, lockgranted from " + lockTable().sql() + " where id = 1")) {
            return rs.next()
                    ? lockTable() + " is held by " + rs.getString(1) + " since " + rs.getString(2)
                            + " (a Liquibase update running, or one that died: `liquibase release-locks` frees it)"
                    : lockTable() + " has no row 1";
        }
    }

    @Override
    public void releaseToolLock(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.executeUpdate("update " + lockTable().sql()
                    + " set locked = false, lockgranted = null, lockedby = null where id = 1");
        }
    }

    @Override
    public List<String> createStatements() {
        return List.of(
                "create table if not exists " + table.sql()
                        + " (id varchar(255) not null, author varchar(255) not null, "
                        + "filename varchar(255) not null, dateexecuted timestamp without time zone not null, "
                        + "orderexecuted integer not null, exectype varchar(10) not null, md5sum varchar(35), "
                        + "description varchar(255), comments varchar(255), tag varchar(255), liquibase varchar(20), "
                        + "contexts varchar(255), labels varchar(255), deployment_id varchar(10))",
                "create table if not exists " + lockTable().sql() + " (id integer not null, locked boolean not null, "
                        + "lockgranted timestamp without time zone, lockedby varchar(255), constraint "
                        + TableName.quote(lockTable().name() + "_pkey") + " primary key (id))",
                "insert into " + lockTable().sql() + " (id, locked) select 1, false where not exists (select 1 from "
                        + lockTable().sql() + " where id = 1)");
    }

    /**
     * The rows in ORDEREXECUTED order. A changeset whose row says it failed does not exist in Liquibase (a failed
     * changeset rolls back with its row, or leaves none): only miglint's journal marks an interrupted one.
     */
    @Override
    public List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException {
        List<LedgerRow> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select id, author, filename, md5sum, exectype, description from "
                        + table.sql() + " order by orderexecuted, dateexecuted")) {
            while (rs.next()) {
                String key = key(rs.getString(1), rs.getString(2), rs.getString(3));
                String exectype = rs.getString(5);
                rows.add(new LedgerRow(
                        key,
                        rs.getString(6) == null ? "" : rs.getString(6),
                        rs.getString(4),
                        false,
                        "EXECUTED".equals(exectype) || "RERAN".equals(exectype) ? "" : "exectype " + exectype));
            }
        }
        return rows;
    }

    @Override
    public void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        LiquibaseChangeSet cs = m.migration().changeSet();
        // a changeset run again (runOnChange, runAlways) keeps its row, marked RERAN with its new checksum and order,
        // as StandardChangeLogHistoryService.updateChangeSet does
        try (PreparedStatement ps = c.prepareStatement("update " + table.sql() + " set dateexecuted = localtimestamp, "
                + "orderexecuted = (select coalesce(max(orderexecuted), 0) + 1 from " + table.sql() + "), "
                + "exectype = 'RERAN', md5sum = ?, description = ?, comments = ?, liquibase = ?, contexts = ?, "
                + "labels = ?, deployment_id = ? where id = ? and author = ? and filename = ?")) {
            ps.setString(1, m.checksum());
            ps.setString(2, cs.change());
            ps.setString(3, cs.comments() == null ? "" : limit(cs.comments()));
            ps.setString(4, VERSION);
            ps.setString(5, cs.contexts());
            ps.setString(6, cs.labels());
            ps.setString(7, String.valueOf(System.currentTimeMillis()).substring(3));
            ps.setString(8, cs.id());
            ps.setString(9, cs.author());
            ps.setString(10, cs.path());
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + table.sql() + " (id, author, filename, "
                + "dateexecuted, orderexecuted, exectype, md5sum, description, comments, tag, liquibase, contexts, "
                + "labels, deployment_id) values (?, ?, ?, localtimestamp, (select coalesce(max(orderexecuted), 0) + 1 "
                + "from " + table.sql() + "), 'EXECUTED', ?, ?, ?, null, ?, ?, ?, ?)")) {
            ps.setString(1, cs.id());
            ps.setString(2, cs.author());
            ps.setString(3, cs.path());
            ps.setString(4, m.checksum());
            ps.setString(5, cs.change());
            ps.setString(6, cs.comments() == null ? "" : limit(cs.comments()));
            ps.setString(7, VERSION);
            ps.setString(8, cs.contexts());
            ps.setString(9, cs.labels());
            // Liquibase's deployment id: the current time in milliseconds without its first three digits
            ps.setString(10, String.valueOf(System.currentTimeMillis()).substring(3));
            ps.executeUpdate();
        }
    }

    private static String limit(String s) {
        return s.length() <= 255 ? s : s.substring(0, 252) + "...";
    }

    @Override
    public void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        LiquibaseChangeSet cs = m.migration().changeSet();
        try (PreparedStatement ps =
                c.prepareStatement("delete from " + table.sql() + " where id = ? and author = ? and filename = ?")) {
            ps.setString(1, cs.id());
            ps.setString(2, cs.author());
            ps.setString(3, cs.path());
            ps.executeUpdate();
        }
    }

    @Override
    public String force(Connection c, String version) throws SQLException {
        return RowTable.forceJournal(c, table, version);
    }

    @Override
    public String lockKeyOrigin() {
        return "no advisory lock in Liquibase (it sets DATABASECHANGELOGLOCK.locked); golang-migrate's derivation "
                + "over this table";
    }
}
