package io.miglint.model;

/**
 * Which statements PostgreSQL refuses inside a transaction block ("cannot run inside a transaction block",
 * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
 */
public final class TransactionRules {
    private TransactionRules() {}

    public static boolean refusesTransactionBlock(Statement node, int pgVersion) {
        if (node instanceof Statement.CreateIndex ci) {
            return ci.concurrently();
        }
        if (node instanceof Statement.Drop d) {
            return d.concurrently() || d.kind() == ObjectKind.DATABASE;
        }
        if (node instanceof Statement.Reindex r) {
            return r.concurrently() || r.kind() == ObjectKind.DATABASE || r.kind() == ObjectKind.SCHEMA;
        }
        if (node instanceof Statement.Vacuum
                || node instanceof Statement.AlterSystem
                || node instanceof Statement.CreateDatabase) {
            return true;
        }
        if (node instanceof Statement.AlterType at) {
            // Before PostgreSQL 12, ALTER TYPE … ADD VALUE could not run in a transaction block at all.
            return at.action() == Statement.AlterType.TypeAction.ADD_VALUE && pgVersion < 12;
        }
        if (node instanceof Statement.AlterTable t) {
            return t.actions().stream().anyMatch(a -> a instanceof AlterAction.DetachPartition dp && dp.concurrently());
        }
        return false;
    }
}
