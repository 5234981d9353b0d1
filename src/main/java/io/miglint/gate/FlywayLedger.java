package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flyway's flyway_schema_history (createMetaDataTable.sql for PostgreSQL: the table, primary key
 * {@code <table>_pk} on installed_rank, index {@code <table>_s_idx} on success). A versioned script adds a row of
 * type SQL with the next installed_rank, its CRC32 checksum, current_user and the execution time in milliseconds, in
 * the script's transaction; an undo (U script) adds a row of type UNDO_SQL. Flyway writes a success = false row when
 * a non-transactional script fails; miglint writes it before such a script and flips it after, so a crash leaves
 * the same failed row that {@code flyway repair} removes.
 */
public record FlywayLedger(TableName table) implements Ledger {
    @Override
    public Ledger withTable(TableName other) {
        return new FlywayLedger(other);
    }

    /** Flyway's default schema is the connection's current schema when none is configured. */
    @Override
    public Ledger resolve(Connection c) throws SQLException {
        TableName t = Ledger.inCurrentSchema(c, table);
        return t == table ? this : new FlywayLedger(t);
    }

    @Override
    public LayoutKind layout() {
        return LayoutKind.FLYWAY;
    }

    /**
     * How a repeatable's key starts: Flyway identifies an {@code R__} script by its description (its rows have no
     * version), so its key is this prefix and the description.
     */
    static final String REPEATABLE = "R:";

    @Override
    public String key(Migration m) {
        return repeatable(m) ? REPEATABLE + description(m) : version(m);
    }

    /**
     * The version as Flyway records it: underscores read as dots ({@code V2_31_1__x.sql} is version {@code 2.31.1} in
     * flyway_schema_history, flyway-core MigrationVersion), so status and apply meet Flyway's own rows.
     */
    static String version(Migration m) {
        return m.version().text().replace('_', '.');
    }

    static boolean repeatable(Migration m) {
        return "R".equals(m.kind());
    }

    static boolean repeatableKey(String key) {
        return key.startsWith(REPEATABLE);
    }

    /**
     * The script column as Flyway writes it: the path relative to the location (flyway-core SqlMigrationResolver
     * records {@code resource.getRelativePath()}), so {@code 2.31/V2_31_1__x.sql} for a script of a version folder.
     */
    static String script(java.nio.file.Path file) {
        java.nio.file.Path folder = file.toAbsolutePath().getParent();
        return io.miglint.layout.MigrationDiscovery.flywayLocationOf(folder)
                .map(location ->
                        location.relativize(file.toAbsolutePath()).toString().replace('\\', '/'))
                .orElse(file.getFileName().toString());
    }

    /** Flyway's description: the part after {@code __} with underscores as spaces. */
    static String description(Migration m) {
        return m.name().replace('_', ' ');
    }

    @Override
    public String checksum(Migration m, byte[] upFile) {
        return Integer.toString(Checksums.flywayCrc32(upFile));
    }

    @Override
    public List<String> createStatements() {
        String pk = TableName.quote(table.name() + "_pk");
        String idx = TableName.quote(table.name() + "_s_idx");
        return List.of(
                "create table if not exists " + table.sql() + " (installed_rank integer not null, "
                        + "version varchar(50), description varchar(200) not null, type varchar(20) not null, "
                        + "script varchar(1000) not null, checksum integer, installed_by varchar(100) not null, "
                        + "installed_on timestamp not null default now(), execution_time integer not null, "
                        + "success boolean not null, constraint " + pk + " primary key (installed_rank))",
                "create index if not exists " + idx + " on " + table.sql() + " (success)");
    }

    /**
     * The latest row of each versioned migration and of each repeatable (by description, as Flyway's
     * getLatestRepeatableRuns), in installed_rank order. A successful undo (UNDO_SQL) or a row {@code flyway repair}
     * wrote to mark a migration deleted (DELETE) ends what came before it.
     */
    @Override
    public List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException {
        Map<String, LedgerRow> latest = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select version, description, type, script, checksum, success from "
                        + table.sql() + " order by installed_rank")) {
            while (rs.next()) {
                String version = rs.getString(1);
                String description = rs.getString(2);
                String type = rs.getString(3);
                boolean success = rs.getBoolean(6);
                String key = version != null ? version : REPEATABLE + description;
                if ((type.equals("UNDO_SQL") || type.equals("DELETE")) && success) {
                    latest.remove(key);
                    continue;
                }
                Object checksum = rs.getObject(5);
                latest.remove(key);
                latest.put(
                        key,
                        new LedgerRow(
                                key,
                                version != null ? rs.getString(4) : description,
                                checksum == null ? null : checksum.toString(),
                                !success,
                                type.equals("UNDO_SQL") ? "undo failed (success = false)" : "success = false"));
            }
        }
        return new ArrayList<>(latest.values());
    }

    private void insert(
            Connection c, Migration m, String type, String script, String checksum, boolean success, long elapsedNanos)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + table.sql() + " (installed_rank, version, "
                + "description, type, script, checksum, installed_by, execution_time, success) values ("
                + "(select coalesce(max(installed_rank), 0) + 1 from " + table.sql() + "), ?, ?, ?, ?, ?, "
                + "current_user, ?, ?)")) {
            // a repeatable's row has no version (Flyway's SqlMigrationResolver: ResourceName.getVersion() is null)
            ps.setString(1, repeatable(m) ? null : version(m));
            ps.setString(2, description(m));
            ps.setString(3, type);
            ps.setString(4, script);
            ps.setInt(5, Integer.parseInt(checksum));
            ps.setInt(6, (int) (elapsedNanos / 1_000_000));
            ps.setBoolean(7, success);
            ps.executeUpdate();
        }
    }

    private void succeed(Connection c, Migration m, String type, long elapsedNanos) throws SQLException {
        String same = repeatable(m) ? "version is null and description = ?" : "version = ?";
        try (PreparedStatement ps = c.prepareStatement("update " + table.sql() + " set success = true, "
                + "execution_time = ? where installed_rank = (select max(installed_rank) from " + table.sql()
                + " where " + same + " and type = ?)")) {
            ps.setInt(1, (int) (elapsedNanos / 1_000_000));
            ps.setString(2, repeatable(m) ? description(m) : version(m));
            ps.setString(3, type);
            ps.executeUpdate();
        }
    }

    @Override
    public void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        insert(c, m.migration(), "SQL", script(m.migration().up().file()), m.checksum(), true, elapsedNanos);
    }

    @Override
    public void markUp(Connection c, LocalMigration m) throws SQLException {
        insert(c, m.migration(), "SQL", script(m.migration().up().file()), m.checksum(), false, 0);
    }

    @Override
    public void finishUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        succeed(c, m.migration(), "SQL", elapsedNanos);
    }

    private static String undoChecksum(LocalMigration m) throws SQLException {
        try {
            return Integer.toString(Checksums.flywayCrc32(
                    java.nio.file.Files.readAllBytes(m.migration().down().file())));
        } catch (java.io.IOException e) {
            throw new SQLException("cannot read " + m.migration().down().displayPath() + ": " + e.getMessage());
        }
    }

    @Override
    public void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        insert(c, m.migration(), "UNDO_SQL", script(m.migration().down().file()), undoChecksum(m), true, 0);
    }

    @Override
    public void markDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        insert(c, m.migration(), "UNDO_SQL", script(m.migration().down().file()), undoChecksum(m), false, 0);
    }

    @Override
    public void finishDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        succeed(c, m.migration(), "UNDO_SQL", 0);
    }

    /**
     * {@code flyway repair}'s part for one migration: its failed rows are deleted. A repeatable is named by its key
     * ({@link #REPEATABLE} and the description); a name that is no recorded version is also tried as a repeatable's
     * description.
     */
    @Override
    public String force(Connection c, String version) throws SQLException {
        String v = version.strip();
        if (!repeatableKey(v)) {
            int n = deleteFailed(c, "version = ?", v);
            if (n > 0) {
                return n + " failed row(s) of version " + v + " deleted (as flyway repair does)";
            }
        }
        String description = repeatableKey(v) ? v.substring(REPEATABLE.length()) : v;
        int n = deleteFailed(c, "version is null and description = ?", description);
        return n > 0
                ? n + " failed row(s) of the repeatable migration '" + description + "' deleted (as flyway "
                        + "repair does)"
                : null;
    }

    private int deleteFailed(Connection c, String which, String value) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("delete from " + table.sql() + " where " + which + " and not success")) {
            ps.setString(1, value);
            return ps.executeUpdate();
        }
    }
}
