package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ory/popx (popx/migrator.go): pop's {@code schema_migration(version varchar(48) not null, version_self int not null
 * default 0)} with a unique index on version and an index on version_self, created in one transaction. One row per
 * applied file, the version as written in its name (all 20 digits): inserted in the migration's transaction, or
 * after an {@code .autocommit} file ran; deleted by its down. A row of a version's first 14 digits (what pop's own
 * migrator stored before popx) counts as every 20-digit version it begins, as popx's Status and UpTo read it.
 */
public record PopxLedger(TableName table) implements Ledger {
    /** The width of the versions pop's legacy migrator stored: a YYYYMMDDHHMMSS timestamp. */
    static final int LEGACY_WIDTH = 14;

    @Override
    public Ledger withTable(TableName other) {
        return new PopxLedger(other);
    }

    @Override
    public LayoutKind layout() {
        return LayoutKind.POPX;
    }

    @Override
    public String key(Migration m) {
        return m.version().text();
    }

    @Override
    public List<String> createStatements() {
        // popx's createTransactionalMigrationTable; the index names are the table's name (no schema) and a suffix.
        String name = table.name().replaceAll("\\W", "");
        return List.of(
                "create table if not exists " + table.sql()
                        + " (version varchar (48) not null, version_self int not null default 0)",
                "create unique index if not exists " + TableName.quote(name + "_version_idx") + " on " + table.sql()
                        + " (version)",
                "create index if not exists " + TableName.quote(name + "_version_self_idx") + " on " + table.sql()
                        + " (version_self)");
    }

    @Override
    public List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException {
        List<LedgerRow> rows = RowTable.readKeys(c, table, "version");
        Set<String> stored = new HashSet<>();
        rows.forEach(r -> stored.add(r.key()));
        List<LedgerRow> all = new ArrayList<>();
        for (LedgerRow r : rows) {
            List<String> covered = r.key().length() == LEGACY_WIDTH
                    ? local.stream()
                            .map(LocalMigration::key)
                            .filter(k -> k.length() > LEGACY_WIDTH && k.startsWith(r.key()) && !stored.contains(k))
                            .toList()
                    : List.of();
            if (covered.isEmpty()) {
                all.add(r);
            }
            for (String k : covered) {
                all.add(new LedgerRow(k, "recorded as " + r.key() + " by pop's legacy migrator", null, false, ""));
                stored.add(k);
            }
        }
        return all;
    }

    @Override
    public void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        RowTable.insertKey(c, table, "version", m.key());
    }

    @Override
    public void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        // As popx's Down: the full version's row. A legacy 14-digit row stays (popx deletes only the full version),
        // so the other versions it covers stay applied.
        RowTable.deleteKey(c, table, "version", m.key());
    }

    @Override
    public String force(Connection c, String version) throws SQLException {
        return RowTable.forceJournal(c, table, version);
    }

    @Override
    public String lockKeyOrigin() {
        return "popx takes no advisory lock; golang-migrate's derivation over this table";
    }
}
