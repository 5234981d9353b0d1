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
            case FLYWAY -> "a Flyway migration file holding only statements that cannot run in a transaction "
                    + "(Flyway then runs it without one), or a script configuration file next to it (`V…__name.sql"
                    + ".conf`) with `executeInTransaction=false`";
            default -> "a part of the script outside any BEGIN/COMMIT (after the COMMIT, or in a script of its "
                    + "own without BEGIN)";
        };
    }
}
