package io.miglint.gate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The tools whose table holds one {@code version} row per applied migration, inserted in the migration's transaction
 * and deleted when it is reverted (dbmate, diesel); they differ only in the key's spelling and the DDL.
 */
sealed interface VersionRowLedger extends Ledger permits DbmateLedger, DieselLedger {

    @Override
    default List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException {
        return RowTable.readKeys(c, table(), "version");
    }

    @Override
    default void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        RowTable.insertKey(c, table(), "version", m.key());
    }

    @Override
    default void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        RowTable.deleteKey(c, table(), "version", m.key());
    }
}
