package io.miglint.rules.locking;

import io.miglint.layout.LayoutKind;

/**
 * How to make one statement run outside a transaction block with each tool, for help texts of statements that
 * PostgreSQL refuses inside one (CONCURRENTLY forms).
 */
public final class OwnMigration {
    private OwnMigration() {
    }

    public static String howToRunOutsideTransaction(LayoutKind layout) {
        return switch (layout) {
            case GOLANG_MIGRATE -> "a golang-migrate file holding only that statement (a multi-statement file runs "
                    + "as one implicit transaction)";
            case DBMATE -> "a dbmate migration whose section starts `-- migrate:up transaction:false` and holds only "
                    + "that statement";
            case SQLX -> "a sqlx migration file whose first line is `-- no-transaction` and that holds only that "
                    + "statement";
            case DIESEL -> "a diesel migration whose metadata.toml has `run_in_transaction = false` and whose up.sql "
                    + "holds only that statement";
            case FLYWAY -> "a Flyway migration file holding only that statement (Flyway then runs it without a "
                    + "transaction)";
            default -> "a migration file with only that statement and no BEGIN/COMMIT around it";
        };
    }
}
