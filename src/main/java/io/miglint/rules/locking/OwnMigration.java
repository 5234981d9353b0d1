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
        return howToRunOutsideTransaction(layout, false);
    }

    /** The same for the script at hand: a down's way out is its own file or section, not an up's. */
    public static String howToRunOutsideTransaction(io.miglint.rule.ScriptView script) {
        return howToRunOutsideTransaction(script.layout(), script.isDown());
    }

    public static String howToRunOutsideTransaction(LayoutKind layout, boolean down) {
        if (down) {
            return switch (layout) {
                case GOLANG_MIGRATE -> "a down file holding only that statement (a multi-statement file runs as one "
                        + "implicit transaction), i.e. the down of a migration of its own";
                case DBMATE -> "a `-- migrate:down transaction:false` section holding only that statement, i.e. the "
                        + "down of a migration of its own";
                case SQLX -> "a down file whose first line is `-- no-transaction` and that holds only that statement, "
                        + "i.e. the down of a migration of its own";
                case DIESEL -> "the down.sql of a migration of its own whose metadata.toml has `run_in_transaction = "
                        + "false` (it applies to the up and the down) and that holds only that statement";
                default -> howToRunOutsideTransaction(layout, false);
            };
        }
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
