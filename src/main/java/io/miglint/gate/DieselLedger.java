package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * diesel_migrations: {@code __diesel_schema_migrations(version varchar(50), run_on timestamp)}. The stored version
 * is the folder's prefix with its dashes removed ({@code 2024-01-05-093000} → {@code 20240105093000}); the row is
 * inserted in the migration's transaction and deleted on revert.
 */
public record DieselLedger(TableName table) implements VersionRowLedger {
    @Override
    public Ledger withTable(TableName other) {
        return new DieselLedger(other);
    }

    @Override
    public LayoutKind layout() {
        return LayoutKind.DIESEL;
    }

    @Override
    public String key(Migration m) {
        return m.version().text().replace("-", "");
    }

    @Override
    public List<String> createStatements() {
        return List.of("create table if not exists " + table.sql() + " (version varchar(50) primary key not null, "
                + "run_on timestamp not null default current_timestamp)");
    }

    @Override
    public String force(Connection c, String version) throws SQLException {
        return RowTable.forceJournal(c, table, version.replace("-", ""));
    }
}
