package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * dbmate (pkg/driver/postgres): {@code schema_migrations(version varchar primary key)}, one row per applied
 * file, inserted in the section's transaction ({@code insert into … (version) values ($1)}), deleted by rollback.
 */
public record DbmateLedger(TableName table) implements VersionRowLedger {
    @Override
    public Ledger withTable(TableName other) {
        return new DbmateLedger(other);
    }

    @Override
    public LayoutKind layout() {
        return LayoutKind.DBMATE;
    }

    @Override
    public String key(Migration m) {
        return m.version().text();
    }

    @Override
    public List<String> createStatements() {
        // varchar without a length: dbmate's PostgreSQL driver (2.36.0, RealDbmateComparisonTest) creates it so; the
        // varchar(128) in its source is the MySQL and SQLite drivers' column.
        return List.of("create table if not exists " + table.sql() + " (version varchar primary key)");
    }

    /**
     * CreateMigrationsTable: when the table's schema does not exist (SQLSTATE 3F000, a schema named by the URL's
     * search_path), dbmate creates it and tries again.
     */
    @Override
    public void create(Connection c) throws SQLException {
        try {
            VersionRowLedger.super.create(c);
        } catch (SQLException e) {
            if (!"3F000".equals(e.getSQLState()) || table.schema() == null) {
                throw e;
            }
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("create schema if not exists " + TableName.quote(table.schema()));
            }
            VersionRowLedger.super.create(c);
        }
    }

    @Override
    public String force(Connection c, String version) throws SQLException {
        return RowTable.forceJournal(c, table, version);
    }
}
